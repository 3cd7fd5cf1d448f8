<?php
/**
 * Meta, Google and TikTok retargeting pixels (ids set in the app), only after marketing consent
 * as the WP Consent API reports it.
 *
 * Rule: a pixel runs only when the WP Consent API is active, a consent management plugin has set
 * a consent type (opt-in or opt-out), and wp_has_consent('marketing') is true. The WP Consent API
 * on its own answers "consent" to everything while no consent type is set; for an EU store that
 * would mean tracking without asking, so the plugin counts that as no consent.
 *
 * In the page, assets/pixels.js holds the pixels' loaders and starts them when the server saw
 * consent, or later when the WP Consent API's wp_listen_for_consent_change event brings
 * marketing = allow; marketing = deny stops them (no new events, queues emptied, cookies removed).
 *
 * @package Retention
 */

defined( 'ABSPATH' ) || exit;

/**
 * Consent-gated retargeting pixels.
 */
final class Retention_Pixels {

	const SCRIPT = 'retention-pixels';

	/** Hooks the script, the WP Consent API registration and the cookie declarations. */
	public static function register(): void {
		add_action( 'wp_enqueue_scripts', array( self::class, 'enqueue' ) );
		add_filter( 'wp_consent_api_registered_' . plugin_basename( RETENTION_PLUGIN_FILE ), '__return_true' );
		// On init, not earlier: the descriptions are translated, and the WP Consent API is loaded by then.
		add_action( 'init', array( self::class, 'declare_cookies' ) );
	}

	/** Tells the WP Consent API which cookies the configured pixels set (category marketing). */
	public static function declare_cookies(): void {
		if ( ! function_exists( 'wp_add_cookie_info' ) ) {
			return;
		}
		$pixels = Retention_Options::settings()['pixels'];
		if ( $pixels['meta'] ) {
			wp_add_cookie_info( '_fbp', 'Meta Pixel', 'marketing', __( '3 months', 'retention-for-woocommerce' ), __( 'Recognises the browser for Meta ads.', 'retention-for-woocommerce' ), __( 'Browser identifier', 'retention-for-woocommerce' ) );
		}
		if ( $pixels['google'] ) {
			wp_add_cookie_info( '_ga', 'Google tag', 'marketing', __( '2 years', 'retention-for-woocommerce' ), __( 'Recognises the browser for Google Analytics and Ads.', 'retention-for-woocommerce' ), __( 'Browser identifier', 'retention-for-woocommerce' ) );
			wp_add_cookie_info( '_ga_*', 'Google tag', 'marketing', __( '2 years', 'retention-for-woocommerce' ), __( 'Keeps the session state for Google Analytics.', 'retention-for-woocommerce' ), __( 'Browser identifier', 'retention-for-woocommerce' ) );
			wp_add_cookie_info( '_gcl_au', 'Google tag', 'marketing', __( '3 months', 'retention-for-woocommerce' ), __( 'Measures ad conversions for Google Ads.', 'retention-for-woocommerce' ), __( 'Browser identifier', 'retention-for-woocommerce' ) );
		}
		if ( $pixels['tiktok'] ) {
			wp_add_cookie_info( '_ttp', 'TikTok Pixel', 'marketing', __( '13 months', 'retention-for-woocommerce' ), __( 'Recognises the browser for TikTok ads.', 'retention-for-woocommerce' ), __( 'Browser identifier', 'retention-for-woocommerce' ) );
		}
	}

	/** Whether the server sees marketing consent for this request (see the rule above). */
	public static function server_has_consent(): bool {
		if ( ! function_exists( 'wp_has_consent' ) || ! function_exists( 'wp_get_consent_type' ) ) {
			return false;
		}
		if ( ! wp_get_consent_type() ) {
			return false;
		}
		return (bool) wp_has_consent( 'marketing', plugin_basename( RETENTION_PLUGIN_FILE ) );
	}

	/** The pixel loader and its configuration, when a pixel is set and the WP Consent API is there. */
	public static function enqueue(): void {
		if ( ! Retention_Options::is_connected() || ! function_exists( 'wp_has_consent' ) ) {
			// Without the WP Consent API nobody can give consent, so nothing is printed at all.
			return;
		}
		$pixels = array_filter( Retention_Options::settings()['pixels'] );
		if ( ! $pixels ) {
			return;
		}
		// After the WP Consent API's own script, which defines wp_has_consent() in the browser.
		wp_enqueue_script( self::SCRIPT, plugins_url( 'assets/pixels.js', RETENTION_PLUGIN_FILE ), array( 'wp-consent-api' ), RETENTION_VERSION, true );
		$config = array(
			'meta'    => $pixels['meta'] ?? null,
			'google'  => $pixels['google'] ?? null,
			'tiktok'  => $pixels['tiktok'] ?? null,
			'consent' => self::server_has_consent(),
			'events'  => self::page_events(),
		);
		wp_add_inline_script( self::SCRIPT, 'window.retentionPixels = ' . wp_json_encode( $config, JSON_HEX_TAG | JSON_HEX_AMP | JSON_UNESCAPED_SLASHES ) . ';', 'before' );
	}

	/**
	 * This page's commerce events, besides the page view: ViewContent on a product page and
	 * Purchase on the order-received page of a valid order key (the platforms de-duplicate a
	 * reload by the order number).
	 *
	 * @return array<int, array<string, mixed>>
	 */
	private static function page_events(): array {
		$events = array();
		if ( function_exists( 'is_product' ) && is_product() ) {
			$product = wc_get_product( get_queried_object_id() );
			if ( $product ) {
				$events[] = array(
					'name'     => 'ViewContent',
					'id'       => (string) ( $product->get_sku() ? $product->get_sku() : $product->get_id() ),
					'value'    => (float) wc_get_price_to_display( $product ),
					'currency' => get_woocommerce_currency(),
				);
			}
		}
		if ( function_exists( 'is_order_received_page' ) && is_order_received_page() ) {
			$order_id = absint( get_query_var( 'order-received' ) );
			$key      = isset( $_GET['key'] ) ? wc_clean( wp_unslash( $_GET['key'] ) ) : ''; // phpcs:ignore WordPress.Security.NonceVerification.Recommended -- the order key is the proof, as on WooCommerce's own page.
			$order    = $order_id ? wc_get_order( $order_id ) : false;
			if ( $order && is_string( $key ) && hash_equals( $order->get_order_key(), $key ) ) {
				$events[] = array(
					'name'     => 'Purchase',
					'id'       => (string) $order->get_order_number(),
					'value'    => (float) $order->get_total(),
					'currency' => $order->get_currency(),
				);
			}
		}
		return $events;
	}
}
