<?php
/**
 * The storefront: the shared storefront script (the same build as Shopify's theme extension),
 * the floating launcher, blocks and shortcodes (rewards account, NPS survey, referral landing,
 * launcher), the NPS survey on the order-received page and a Rewards tab in My Account.
 *
 * The script fills containers that carry data attributes; the plugin's part is to print those
 * containers and tell the script where the API is (the REST proxy) and the REST nonce.
 *
 * @package Retention
 */

defined( 'ABSPATH' ) || exit;

/**
 * Storefront output.
 */
final class Retention_Storefront {

	const SCRIPT   = 'retention-storefront';
	const STYLE    = 'retention-storefront';
	const ENDPOINT = 'rewards';
	const BLOCKS   = array( 'account', 'nps', 'referral', 'launcher' );

	/** Hooks everything. */
	public static function register(): void {
		add_action( 'init', array( self::class, 'init' ) );
		add_action( 'wp_enqueue_scripts', array( self::class, 'enqueue' ) );
		add_action( 'wp_footer', array( self::class, 'print_embed' ), 5 );
		add_action( 'woocommerce_thankyou', array( self::class, 'thankyou_nps' ), 20 );
		add_filter( 'woocommerce_get_query_vars', array( self::class, 'query_vars' ) );
		add_filter( 'woocommerce_account_menu_items', array( self::class, 'menu_items' ) );
		add_filter( 'woocommerce_endpoint_' . self::ENDPOINT . '_title', array( self::class, 'endpoint_title' ) );
		add_action( 'woocommerce_account_' . self::ENDPOINT . '_endpoint', array( self::class, 'rewards_tab' ) );
	}

	/** Shortcodes, blocks and the My Account endpoint. */
	public static function init(): void {
		self::add_endpoint();
		add_shortcode( 'retention_account', array( self::class, 'account' ) );
		add_shortcode( 'retention_nps', array( self::class, 'nps' ) );
		add_shortcode( 'retention_referral', array( self::class, 'referral' ) );
		add_shortcode( 'retention_launcher', array( self::class, 'launcher' ) );

		// The editor script registers the blocks in the editor without a build step: plain
		// JavaScript on WordPress's own globals; its labels are translated here, in PHP.
		wp_register_script(
			'retention-blocks-editor',
			plugins_url( 'assets/blocks-editor.js', RETENTION_PLUGIN_FILE ),
			array( 'wp-blocks', 'wp-element', 'wp-block-editor', 'wp-components' ),
			RETENTION_VERSION,
			true
		);
		wp_localize_script(
			'retention-blocks-editor',
			'retentionBlocksEditor',
			array(
				'preview'      => __( 'Shown to shoppers on the storefront.', 'retention-for-woocommerce' ),
				'heading'      => __( 'Heading', 'retention-for-woocommerce' ),
				'incentive'    => __( 'Incentive text for guests', 'retention-for-woocommerce' ),
				'question'     => __( 'Question', 'retention-for-woocommerce' ),
				'showToGuests' => __( 'Also show to guests', 'retention-for-woocommerce' ),
				'text'         => __( 'Text', 'retention-for-woocommerce' ),
				'position'     => __( 'Launcher position', 'retention-for-woocommerce' ),
				'left'         => __( 'Bottom left', 'retention-for-woocommerce' ),
				'right'        => __( 'Bottom right', 'retention-for-woocommerce' ),
			)
		);
		foreach ( self::BLOCKS as $block ) {
			register_block_type(
				RETENTION_PLUGIN_DIR . '/blocks/' . $block,
				array( 'render_callback' => array( self::class, 'render_' . $block . '_block' ) )
			);
		}
	}

	/** The My Account Rewards endpoint (/my-account/rewards/). */
	public static function add_endpoint(): void {
		add_rewrite_endpoint( self::ENDPOINT, EP_ROOT | EP_PAGES );
	}

	/**
	 * Registers the endpoint with WooCommerce, which then treats it like its own account pages.
	 *
	 * @param array<string, string> $vars WooCommerce's query vars.
	 * @return array<string, string>
	 */
	public static function query_vars( array $vars ): array {
		$vars[ self::ENDPOINT ] = self::ENDPOINT;
		return $vars;
	}

	/**
	 * The Rewards tab, before Log out.
	 *
	 * @param array<string, string> $items Menu items.
	 * @return array<string, string>
	 */
	public static function menu_items( array $items ): array {
		if ( ! Retention_Options::is_connected() ) {
			return $items;
		}
		$logout = $items['customer-logout'] ?? null;
		unset( $items['customer-logout'] );
		$items[ self::ENDPOINT ] = __( 'Rewards', 'retention-for-woocommerce' );
		if ( null !== $logout ) {
			$items['customer-logout'] = $logout;
		}
		return $items;
	}

	/** The Rewards page's title. */
	public static function endpoint_title(): string {
		return __( 'Rewards', 'retention-for-woocommerce' );
	}

	/** My Account -> Rewards: points, rewards and referral link, then the NPS survey. */
	public static function rewards_tab(): void {
		echo self::account( array() ) . self::nps( array() ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- built from escaped parts.
	}

	/**
	 * The NPS survey on the order-received page, for the signed-in customer who placed the order.
	 *
	 * @param int $order_id The order.
	 */
	public static function thankyou_nps( $order_id ): void {
		$order = wc_get_order( $order_id );
		$own   = $order && is_user_logged_in() && (int) $order->get_customer_id() === get_current_user_id();
		/**
		 * Whether the order-received page shows the NPS survey.
		 *
		 * @param bool          $show  True for the signed-in customer who placed the order.
		 * @param WC_Order|null $order The order.
		 */
		if ( apply_filters( 'retention_show_nps_on_thankyou', $own, $order ?: null ) ) {
			echo self::nps( array() ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- built from escaped parts.
		}
	}

	/** The script and stylesheet, on every storefront page of a connected store. */
	public static function enqueue(): void {
		if ( ! Retention_Options::is_connected() ) {
			return;
		}
		Retention_Lifecycle::refresh_settings_later_if_stale();
		wp_enqueue_script(
			self::SCRIPT,
			plugins_url( 'assets/retention.js', RETENTION_PLUGIN_FILE ),
			array(),
			RETENTION_VERSION,
			array(
				'strategy'  => 'defer',
				'in_footer' => false,
			)
		);
		wp_enqueue_style( self::STYLE, plugins_url( 'assets/retention.css', RETENTION_PLUGIN_FILE ), array(), RETENTION_VERSION );
	}

	/** The launcher's container (app-embed equivalent), unless the app switched the launcher off. */
	public static function print_embed(): void {
		if ( ! Retention_Options::is_connected() || is_admin() ) {
			return;
		}
		$settings = Retention_Options::settings();
		echo self::embed( array( 'launcher' => $settings['storefront']['launcher'] ) ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- built from escaped parts.
	}

	/**
	 * The data attributes every container carries: API base, REST nonce, locale, signed-in state,
	 * and where guests register and sign in.
	 *
	 * @param array<string, string> $extra More data attributes.
	 */
	private static function data_attributes( array $extra = array() ): string {
		$account = function_exists( 'wc_get_page_permalink' ) ? wc_get_page_permalink( 'myaccount' ) : wp_login_url();
		$attrs   = array_merge(
			array(
				'data-retention-proxy' => Retention_Rest::proxy_base(),
				'data-retention-nonce' => wp_create_nonce( 'wp_rest' ),
				'data-locale'          => str_replace( '_', '-', determine_locale() ),
				'data-logged-in'       => is_user_logged_in() ? '1' : '0',
				'data-register-url'    => 'yes' === get_option( 'woocommerce_enable_myaccount_registration' ) ? $account : wp_registration_url(),
				'data-login-url'       => $account,
			),
			$extra
		);
		$html = '';
		foreach ( $attrs as $name => $value ) {
			$is_url = str_ends_with( $name, '-url' );
			$html  .= ' ' . $name . '="' . ( $is_url ? esc_url( $value ) : esc_attr( $value ) ) . '"';
		}
		return $html;
	}

	/**
	 * An inline --rtn-accent style for a valid hex colour.
	 *
	 * @param mixed $accent The block or shortcode attribute.
	 */
	private static function accent_style( $accent ): string {
		$color = is_string( $accent ) ? sanitize_hex_color( $accent ) : null;
		return $color ? ' style="--rtn-accent: ' . esc_attr( $color ) . ';"' : '';
	}

	/** Whether the storefront output should appear at all (a store the app serves). */
	private static function active(): bool {
		return Retention_Options::is_connected();
	}

	/**
	 * [retention_launcher position="right|left" accent="#1a1a1a" incentive="..."]: the floating launcher.
	 *
	 * @param array<string, mixed>|string $atts Shortcode attributes.
	 */
	public static function launcher( $atts ): string {
		$atts = shortcode_atts(
			array(
				'position'  => 'right',
				'accent'    => '',
				'incentive' => '',
			),
			is_array( $atts ) ? $atts : array(),
			'retention_launcher'
		);
		return self::embed(
			array(
				'launcher'  => true,
				'position'  => 'left' === $atts['position'] ? 'left' : 'right',
				'accent'    => $atts['accent'],
				'incentive' => $atts['incentive'],
			)
		);
	}

	/**
	 * The launcher's container.
	 *
	 * @param array<string, mixed> $opts launcher, position, accent, incentive.
	 */
	private static function embed( array $opts ): string {
		if ( ! self::active() ) {
			return '';
		}
		$accent = is_string( $opts['accent'] ?? null ) ? sanitize_hex_color( $opts['accent'] ) : null;
		return '<div hidden data-retention-embed' . self::data_attributes(
			array(
				'data-launcher'  => ! empty( $opts['launcher'] ) ? 'true' : 'false',
				'data-position'  => 'left' === ( $opts['position'] ?? '' ) ? 'left' : 'right',
				'data-accent'    => (string) $accent,
				'data-incentive' => sanitize_text_field( (string) ( $opts['incentive'] ?? '' ) ),
			)
		) . '></div>';
	}

	/**
	 * [retention_account heading="..." incentive="..." accent="..."]: members see points, tier,
	 * rewards and their referral link; guests an invitation to create an account.
	 *
	 * @param array<string, mixed>|string $atts Shortcode attributes.
	 */
	public static function account( $atts ): string {
		if ( ! self::active() ) {
			return '';
		}
		$atts      = shortcode_atts(
			array(
				'heading'   => __( 'Rewards', 'retention-for-woocommerce' ),
				'incentive' => '',
				'accent'    => '',
			),
			is_array( $atts ) ? $atts : array(),
			'retention_account'
		);
		$account   = function_exists( 'wc_get_page_permalink' ) ? wc_get_page_permalink( 'myaccount' ) : wp_login_url();
		$incentive = sanitize_text_field( (string) $atts['incentive'] );
		$html      = '<div class="rtn-account"' . self::accent_style( $atts['accent'] ) . '>';
		if ( '' !== trim( (string) $atts['heading'] ) ) {
			$html .= '<h2>' . esc_html( $atts['heading'] ) . '</h2>';
		}
		$html .= '<div data-retention-account' . self::data_attributes( array( 'data-incentive' => $incentive ) ) . '>';
		if ( is_user_logged_in() ) {
			$html .= '<p>' . esc_html__( 'Loading…', 'retention-for-woocommerce' ) . '</p>';
		} else {
			// Guests see the invitation straight away, without waiting for the script.
			$html .= '<div class="rtn-invite"><h3 class="rtn-title">' . esc_html__( 'Join our rewards programme', 'retention-for-woocommerce' ) . '</h3>';
			if ( '' !== $incentive ) {
				$html .= '<p class="rtn-incentive">' . esc_html( $incentive ) . '</p>';
			}
			$html .= '<a class="rtn-button" href="' . esc_url( $account ) . '">' . esc_html__( 'Create a free account', 'retention-for-woocommerce' ) . '</a>';
			$html .= '<a class="rtn-link" href="' . esc_url( $account ) . '">' . esc_html__( 'Already a member? Sign in', 'retention-for-woocommerce' ) . '</a></div>';
		}
		return $html . '</div></div>';
	}

	/**
	 * [retention_nps question="..." guests="yes"]: the 0-10 survey. Signed-in customers only
	 * unless guests="yes", because a guest's answer cannot be tied to a customer.
	 *
	 * @param array<string, mixed>|string $atts Shortcode attributes.
	 */
	public static function nps( $atts ): string {
		if ( ! self::active() ) {
			return '';
		}
		$atts = shortcode_atts(
			array(
				'question' => '',
				'guests'   => 'no',
				'accent'   => '',
			),
			is_array( $atts ) ? $atts : array(),
			'retention_nps'
		);
		if ( ! is_user_logged_in() && ! in_array( $atts['guests'], array( 'yes', '1', 'true', true ), true ) ) {
			return '';
		}
		return '<div class="rtn-nps-block"' . self::accent_style( $atts['accent'] ) . '><div data-retention-nps'
			. self::data_attributes( array( 'data-question' => sanitize_text_field( (string) $atts['question'] ) ) ) . '>'
			. '<noscript>' . esc_html__( 'Please enable JavaScript to answer the survey.', 'retention-for-woocommerce' ) . '</noscript></div></div>';
	}

	/**
	 * [retention_referral heading="..." text="..."]: the page a referral link (?ref=CODE) lands
	 * on. Guests are asked to create an account; once signed in, the script claims the code and
	 * shows the friend's discount code here.
	 *
	 * @param array<string, mixed>|string $atts Shortcode attributes.
	 */
	public static function referral( $atts ): string {
		if ( ! self::active() ) {
			return '';
		}
		$atts    = shortcode_atts(
			array(
				'heading' => __( 'A friend invited you', 'retention-for-woocommerce' ),
				'text'    => __( 'Create a free account and get a discount on your first order.', 'retention-for-woocommerce' ),
				'accent'  => '',
			),
			is_array( $atts ) ? $atts : array(),
			'retention_referral'
		);
		$account = function_exists( 'wc_get_page_permalink' ) ? wc_get_page_permalink( 'myaccount' ) : wp_login_url();
		// ?ref= is only read and shown back escaped; the script validates it before keeping it.
		$code = isset( $_GET['ref'] ) ? sanitize_text_field( wp_unslash( $_GET['ref'] ) ) : ''; // phpcs:ignore WordPress.Security.NonceVerification.Recommended -- a public link, no state change.
		$html = '<div class="rtn-account rtn-referral-landing"' . self::accent_style( $atts['accent'] ) . ' data-retention-referral' . self::data_attributes() . '>';
		$html .= '<h2 class="rtn-title">' . esc_html( $atts['heading'] ) . '</h2><p>' . esc_html( $atts['text'] ) . '</p>';
		if ( ! is_user_logged_in() ) {
			$target = '' !== $code ? add_query_arg( 'ref', rawurlencode( $code ), $account ) : $account;
			$html  .= '<a class="rtn-button" href="' . esc_url( $target ) . '">' . esc_html__( 'Create a free account', 'retention-for-woocommerce' ) . '</a>';
			$html  .= '<a class="rtn-link" href="' . esc_url( $target ) . '">' . esc_html__( 'Already a member? Sign in', 'retention-for-woocommerce' ) . '</a>';
		}
		return $html . '</div>';
	}

	/**
	 * Block render callbacks: the block attributes map onto the shortcodes'.
	 *
	 * @param array<string, mixed> $attributes Block attributes.
	 */
	public static function render_account_block( array $attributes ): string {
		return self::account(
			array(
				'heading'   => (string) ( $attributes['heading'] ?? __( 'Rewards', 'retention-for-woocommerce' ) ),
				'incentive' => (string) ( $attributes['incentive'] ?? '' ),
				'accent'    => (string) ( $attributes['accent'] ?? '' ),
			)
		);
	}

	/**
	 * NPS block.
	 *
	 * @param array<string, mixed> $attributes Block attributes.
	 */
	public static function render_nps_block( array $attributes ): string {
		return self::nps(
			array(
				'question' => (string) ( $attributes['question'] ?? '' ),
				'guests'   => ! empty( $attributes['showToGuests'] ) ? 'yes' : 'no',
				'accent'   => (string) ( $attributes['accent'] ?? '' ),
			)
		);
	}

	/**
	 * Referral landing block.
	 *
	 * @param array<string, mixed> $attributes Block attributes.
	 */
	public static function render_referral_block( array $attributes ): string {
		$atts = array();
		foreach ( array( 'heading', 'text', 'accent' ) as $key ) {
			if ( isset( $attributes[ $key ] ) && '' !== $attributes[ $key ] ) {
				$atts[ $key ] = (string) $attributes[ $key ];
			}
		}
		return self::referral( $atts );
	}

	/**
	 * Launcher block.
	 *
	 * @param array<string, mixed> $attributes Block attributes.
	 */
	public static function render_launcher_block( array $attributes ): string {
		return self::launcher(
			array(
				'position'  => (string) ( $attributes['position'] ?? 'right' ),
				'accent'    => (string) ( $attributes['accent'] ?? '' ),
				'incentive' => (string) ( $attributes['incentive'] ?? '' ),
			)
		);
	}
}
