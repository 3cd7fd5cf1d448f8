<?php
/**
 * The shopper's privacy rights through WordPress's own tools (Tools > Export Personal Data and
 * Erase Personal Data): an exporter that asks the app what it holds about the e-mail address,
 * an eraser that asks the app to erase it and removes the meta the app's win-back push wrote on
 * the WordPress user, and the suggested privacy-policy text naming what the app receives.
 *
 * @package Retention
 */

defined( 'ABSPATH' ) || exit;

/**
 * Personal data exporter, eraser and privacy-policy text.
 */
final class Retention_Privacy {

	/** The id of the exporter and the eraser in WordPress's lists. */
	const ID = 'retention-for-woocommerce';

	/** The prefix of the customer meta the app writes (win-back segment, churn risk, ...). */
	const META_PREFIX = 'retention_';

	/** Hooks the exporter, the eraser and the policy text. */
	public static function register(): void {
		add_filter( 'wp_privacy_personal_data_exporters', array( self::class, 'add_exporter' ) );
		add_filter( 'wp_privacy_personal_data_erasers', array( self::class, 'add_eraser' ) );
		add_action( 'admin_init', array( self::class, 'add_policy_text' ) );
	}

	/**
	 * @param array<string, array<string, mixed>> $exporters WordPress's exporters.
	 * @return array<string, array<string, mixed>>
	 */
	public static function add_exporter( $exporters ) {
		$exporters[ self::ID ] = array(
			'exporter_friendly_name' => __( 'Retention (loyalty points, referrals, surveys)', 'retention-for-woocommerce' ),
			'callback'               => array( self::class, 'export' ),
		);
		return $exporters;
	}

	/**
	 * @param array<string, array<string, mixed>> $erasers WordPress's erasers.
	 * @return array<string, array<string, mixed>>
	 */
	public static function add_eraser( $erasers ) {
		$erasers[ self::ID ] = array(
			'eraser_friendly_name' => __( 'Retention (loyalty points, referrals, surveys)', 'retention-for-woocommerce' ),
			'callback'             => array( self::class, 'erase' ),
		);
		return $erasers;
	}

	/**
	 * The exporter: one page with everything the app holds about the e-mail address. A store that
	 * was never connected has nothing at the app.
	 *
	 * @param string $email The request's e-mail address.
	 * @param int    $page  The page WordPress asks for (from 1).
	 * @return array{data: array<int, array<string, mixed>>, done: bool}|\WP_Error
	 */
	public static function export( $email, $page = 1 ) {
		$client = self::client();
		if ( null === $client || (int) $page > 1 ) {
			return array(
				'data' => array(),
				'done' => true,
			);
		}
		$user   = get_user_by( 'email', (string) $email );
		$answer = $client->privacy( 'export', (string) $email, $user ? (int) $user->ID : null, self::request_id( (string) $email, 'export_personal_data' ), get_current_user_id() );
		if ( is_wp_error( $answer ) ) {
			/* translators: %s: the app's error message. */
			return new \WP_Error( 'retention_privacy_export', sprintf( __( 'Retention could not export this personal data: %s', 'retention-for-woocommerce' ), $answer->get_error_message() ) );
		}
		return array(
			'data' => self::export_items( $answer ),
			'done' => true,
		);
	}

	/**
	 * The eraser: the app erases what it holds about the e-mail address (the same erasure as
	 * Shopify's customers/redact), then the app's meta goes from the WordPress user. If the app
	 * cannot be reached the request fails and stays open, so it is never marked complete while
	 * the app still holds the data.
	 *
	 * @param string $email The request's e-mail address.
	 * @param int    $page  The page WordPress asks for (from 1).
	 * @return array{items_removed: bool, items_retained: bool, messages: array<int, string>, done: bool}|\WP_Error
	 */
	public static function erase( $email, $page = 1 ) {
		$result = array(
			'items_removed'  => false,
			'items_retained' => false,
			'messages'       => array(),
			'done'           => true,
		);
		if ( (int) $page > 1 ) {
			return $result;
		}
		$user   = get_user_by( 'email', (string) $email );
		$client = self::client();
		if ( null !== $client ) {
			$answer = $client->privacy( 'erase', (string) $email, $user ? (int) $user->ID : null, self::request_id( (string) $email, 'remove_personal_data' ), get_current_user_id() );
			if ( is_wp_error( $answer ) ) {
				/* translators: %s: the app's error message. */
				return new \WP_Error( 'retention_privacy_erase', sprintf( __( 'Retention could not erase this personal data: %s', 'retention-for-woocommerce' ), $answer->get_error_message() ) );
			}
			$erased  = isset( $answer['erased'] ) && is_array( $answer['erased'] ) ? array_map( 'intval', $answer['erased'] ) : array();
			$removed = ( $erased['orders'] ?? 0 ) + ( $erased['customers'] ?? 0 ) + ( $erased['surveyAnswers'] ?? 0 ) + ( $erased['insights'] ?? 0 ) + ( $erased['loyaltyRows'] ?? 0 );
			if ( ! empty( $answer['repeated'] ) ) {
				// The app answered this request before: its counts are of that run, nothing went now.
				$result['messages'][] = __( 'The Retention app had already erased the data of this request.', 'retention-for-woocommerce' );
			} elseif ( $removed > 0 ) {
				$result['items_removed'] = true;
				$result['messages'][]    = sprintf(
					/* translators: 1: orders, 2: loyalty records (points, codes, account), 3: survey answers. */
					__( 'The Retention app erased its data: order copies: %1$d, loyalty records: %2$d, survey answers: %3$d.', 'retention-for-woocommerce' ),
					$erased['orders'] ?? 0,
					$erased['loyaltyRows'] ?? 0,
					$erased['surveyAnswers'] ?? 0
				);
			}
		}
		if ( $user && self::remove_meta( (int) $user->ID ) > 0 ) {
			$result['items_removed'] = true;
		}
		return $result;
	}

	/**
	 * Deletes the app's meta (retention_*) from the user; other meta stays.
	 *
	 * @param int $user_id The WordPress user.
	 * @return int How many keys went.
	 */
	private static function remove_meta( int $user_id ): int {
		$removed = 0;
		foreach ( array_keys( (array) get_user_meta( $user_id ) ) as $key ) {
			if ( str_starts_with( (string) $key, self::META_PREFIX ) && delete_user_meta( $user_id, (string) $key ) ) {
				++$removed;
			}
		}
		return $removed;
	}

	/**
	 * The newest privacy request of this kind for the e-mail address (WordPress passes only the
	 * address to exporters and erasers): the app answers the same request once.
	 *
	 * @param string $email  The request's e-mail address.
	 * @param string $action export_personal_data or remove_personal_data.
	 */
	private static function request_id( string $email, string $action ): ?int {
		$ids = get_posts(
			array(
				'post_type'      => 'user_request',
				'post_name__in'  => array( $action ),
				'title'          => $email,
				'post_status'    => array( 'request-pending', 'request-confirmed', 'request-completed', 'request-failed' ),
				'fields'         => 'ids',
				'orderby'        => 'ID',
				'order'          => 'DESC',
				'posts_per_page' => 1,
			)
		);
		return $ids ? (int) $ids[0] : null;
	}

	/** The app client when the store has been connected (else the app holds nothing of this store). */
	private static function client(): ?Retention_App_Client {
		return '' === Retention_Options::shop_id() ? null : Retention_App_Client::from_options();
	}

	/**
	 * WordPress's export items from the app's answer: one group each for the points account,
	 * the points history, reward codes, survey answers, the customer segment and the order copies.
	 *
	 * @param array<string, mixed> $answer The app's answer.
	 * @return array<int, array<string, mixed>>
	 */
	private static function export_items( array $answer ): array {
		$items = array();
		$list  = static fn( string $key ): array => isset( $answer[ $key ] ) && is_array( $answer[ $key ] ) ? array_values( array_filter( $answer[ $key ], 'is_array' ) ) : array();
		$add   = static function ( string $group, string $label, string $description, string $item_id, array $pairs ) use ( &$items ) {
			$data = array();
			foreach ( $pairs as $name => $value ) {
				if ( null !== $value && '' !== $value ) {
					$data[] = array(
						'name'  => $name,
						'value' => (string) $value,
					);
				}
			}
			$items[] = array(
				'group_id'          => $group,
				'group_label'       => $label,
				'group_description' => $description,
				'item_id'           => $item_id,
				'data'              => $data,
			);
		};

		foreach ( $list( 'loyalty' ) as $i => $account ) {
			$points = isset( $account['points'] ) && is_array( $account['points'] ) ? $account['points'] : array();
			$add(
				'retention-loyalty',
				__( 'Loyalty points', 'retention-for-woocommerce' ),
				__( 'Your loyalty account: points balance and referral code.', 'retention-for-woocommerce' ),
				'retention-loyalty-' . $i,
				array(
					__( 'Points available', 'retention-for-woocommerce' ) => (int) ( $points['available'] ?? 0 ),
					__( 'Points pending', 'retention-for-woocommerce' ) => (int) ( $points['pending'] ?? 0 ),
					__( 'Points earned in total', 'retention-for-woocommerce' ) => (int) ( $points['lifetime_earned'] ?? 0 ),
					__( 'Referral code', 'retention-for-woocommerce' ) => $account['referral_code'] ?? null,
					__( 'Member since', 'retention-for-woocommerce' ) => self::date( $account['enrolled_at'] ?? null ),
					__( 'Referred by another customer', 'retention-for-woocommerce' ) => empty( $account['referred'] ) ? __( 'No', 'retention-for-woocommerce' ) : __( 'Yes', 'retention-for-woocommerce' ),
				)
			);
		}
		foreach ( $list( 'ledger' ) as $i => $entry ) {
			$add(
				'retention-points-history',
				__( 'Points history', 'retention-for-woocommerce' ),
				__( 'Every change to your loyalty points.', 'retention-for-woocommerce' ),
				'retention-points-' . $i,
				array(
					__( 'Date', 'retention-for-woocommerce' )     => self::date( $entry['created_at'] ?? null ),
					__( 'Points', 'retention-for-woocommerce' )   => (int) ( $entry['points'] ?? 0 ),
					__( 'Reason', 'retention-for-woocommerce' )   => self::entry_kind( (string) ( $entry['kind'] ?? '' ) ),
					__( 'Spendable from', 'retention-for-woocommerce' ) => self::date( $entry['available_at'] ?? null ),
					__( 'Order', 'retention-for-woocommerce' )    => self::order_number( $entry['order_id'] ?? null ),
				)
			);
		}
		foreach ( $list( 'reward_codes' ) as $i => $code ) {
			$add(
				'retention-reward-codes',
				__( 'Reward codes', 'retention-for-woocommerce' ),
				__( 'Discount codes you received for points or referrals.', 'retention-for-woocommerce' ),
				'retention-code-' . $i,
				array(
					__( 'Code', 'retention-for-woocommerce' )   => $code['code'] ?? null,
					__( 'Status', 'retention-for-woocommerce' ) => $code['status'] ?? null,
					__( 'Date', 'retention-for-woocommerce' )   => self::date( $code['created_at'] ?? null ),
				)
			);
		}
		foreach ( $list( 'nps' ) as $i => $answer_row ) {
			$add(
				'retention-surveys',
				__( 'Survey answers', 'retention-for-woocommerce' ),
				__( 'Your answers to "Would you recommend us?"', 'retention-for-woocommerce' ),
				'retention-survey-' . $i,
				array(
					__( 'Date', 'retention-for-woocommerce' )    => self::date( $answer_row['answered_at'] ?? null ),
					__( 'Score', 'retention-for-woocommerce' )   => isset( $answer_row['score'] ) ? (int) $answer_row['score'] : null,
					__( 'Comment', 'retention-for-woocommerce' ) => $answer_row['comment'] ?? null,
					__( 'Order', 'retention-for-woocommerce' )   => self::order_number( $answer_row['order_id'] ?? null ),
				)
			);
		}
		foreach ( array_merge( $list( 'segments' ), $list( 'winback' ) ) as $i => $segment ) {
			$add(
				'retention-segment',
				__( 'Customer segment', 'retention-for-woocommerce' ),
				__( 'How the shop groups customers by their orders, to send offers.', 'retention-for-woocommerce' ),
				'retention-segment-' . $i,
				array(
					__( 'Segment', 'retention-for-woocommerce' ) => $segment['segment'] ?? null,
					__( 'Customer value group', 'retention-for-woocommerce' ) => $segment['rfm_segment'] ?? null,
					__( 'Churn risk', 'retention-for-woocommerce' ) => $segment['churn_risk'] ?? null,
					__( 'Predicted lifetime value', 'retention-for-woocommerce' ) => $segment['predicted_clv'] ?? null,
					__( 'Last order date', 'retention-for-woocommerce' ) => $segment['last_order_date'] ?? null,
				)
			);
		}
		foreach ( $list( 'orders' ) as $i => $order ) {
			$add(
				'retention-orders',
				__( 'Orders in the Retention app', 'retention-for-woocommerce' ),
				__( 'The copies of your orders the Retention app keeps to award points and group customers.', 'retention-for-woocommerce' ),
				'retention-order-' . $i,
				array(
					__( 'Order', 'retention-for-woocommerce' )    => self::order_number( $order['id'] ?? null ),
					__( 'Date', 'retention-for-woocommerce' )     => self::date( $order['processed_at'] ?? null ),
					__( 'Total', 'retention-for-woocommerce' )    => isset( $order['total'] ) ? $order['total'] . ' ' . ( $order['currency'] ?? '' ) : null,
					__( 'Refunded', 'retention-for-woocommerce' ) => isset( $order['refunded'] ) ? $order['refunded'] . ' ' . ( $order['currency'] ?? '' ) : null,
					__( 'Payment status', 'retention-for-woocommerce' ) => $order['financial_status'] ?? null,
				)
			);
		}
		return $items;
	}

	/**
	 * An ISO date from the app in the site's date format and time zone.
	 *
	 * @param mixed $iso The app's ISO 8601 date, or null.
	 */
	private static function date( $iso ): ?string {
		$time = is_string( $iso ) ? strtotime( $iso ) : false;
		return false === $time ? null : wp_date( get_option( 'date_format' ) . ' ' . get_option( 'time_format' ), $time );
	}

	/**
	 * WooCommerce's order number from the app's order id ("woo-123" -> "123").
	 *
	 * @param mixed $id The app's order id, or null.
	 */
	private static function order_number( $id ): ?string {
		return is_string( $id ) && '' !== $id ? preg_replace( '/^woo-/', '', $id ) : null;
	}

	/**
	 * A points entry's reason in words.
	 *
	 * @param string $kind The ledger's kind.
	 */
	private static function entry_kind( string $kind ): string {
		$kinds = array(
			'earn_order'     => __( 'Points for an order', 'retention-for-woocommerce' ),
			'signup'         => __( 'Welcome points', 'retention-for-woocommerce' ),
			'referral'       => __( 'Referral reward', 'retention-for-woocommerce' ),
			'redeem'         => __( 'Spent on a reward', 'retention-for-woocommerce' ),
			'reverse_refund' => __( 'Taken back after a refund', 'retention-for-woocommerce' ),
			'reverse_cancel' => __( 'Taken back after a cancellation', 'retention-for-woocommerce' ),
			'adjust'         => __( 'Adjusted by the shop', 'retention-for-woocommerce' ),
		);
		return $kinds[ $kind ] ?? $kind;
	}

	/** The suggested text for the site's privacy policy (Settings > Privacy > Policy Guide). */
	public static function add_policy_text(): void {
		if ( ! function_exists( 'wp_add_privacy_policy_content' ) ) {
			return;
		}
		$paragraphs = array(
			__( 'This shop uses the Retention app for its loyalty program, referrals, customer surveys and win-back offers. The app runs at the address the shop set on the Retention page and stores its data there.', 'retention-for-woocommerce' ),
			__( 'The shop sends the app your orders (order number, date, amounts, refunds, payment status) and your customer account (customer number, name and e-mail address), through WooCommerce\'s REST API and webhooks. When you are signed in and use the rewards, referral or survey features, the app receives your customer number, what you do (joining, redeeming points, sharing a referral code), your survey score and comment, and your IP address, which the app uses only as a keyed hash to limit requests and never stores.', 'retention-for-woocommerce' ),
			__( 'The app uses this to keep your points balance and history, reward and referral codes, your survey answers and the customer segment it works out from your orders. It writes that segment onto your customer account in this shop (meta data starting with retention_) so the shop can send you offers.', 'retention-for-woocommerce' ),
			__( 'Retargeting pixels (Meta, Google, TikTok) are loaded only after you consent to marketing cookies.', 'retention-for-woocommerce' ),
			__( 'When you ask the shop for your personal data or to erase it, the shop\'s export includes what the app holds about you, and the erasure erases it in the app too, together with the app\'s meta data on your account.', 'retention-for-woocommerce' ),
		);
		wp_add_privacy_policy_content(
			'Retention for WooCommerce',
			wp_kses_post( '<p class="privacy-policy-tutorial">' . esc_html__( 'What the Retention app receives about your customers:', 'retention-for-woocommerce' ) . '</p><p>' . implode( '</p><p>', array_map( 'esc_html', $paragraphs ) ) . '</p>' )
		);
	}
}
