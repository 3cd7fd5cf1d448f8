<?php
/**
 * REST routes on the store:
 * - GET  /wp-json/retention/v1/connect-proof?nonce=<nonce>  (public; the app's connect challenge)
 * - GET|POST /wp-json/retention/v1/proxy/api/<me|redeem|nps|referral|join|program>  (the storefront script;
 *   forwarded to the app signed, with the signed-in WordPress user, like Shopify's app proxy)
 *
 * @package Retention
 */

defined( 'ABSPATH' ) || exit;

/**
 * The plugin's REST routes.
 */
final class Retention_Rest {

	const NAMESPACE = 'retention/v1';

	/** The app's proxy paths the storefront may call. */
	const PROXY_PATHS = array( 'me', 'redeem', 'nps', 'referral', 'join', 'program' );

	/** Parameters the plugin sets and signs; a shopper's copies are dropped. */
	const RESERVED = array( 'shop', 'logged_in_customer_id', 'path_prefix', 'timestamp', 'request_id', 'signature', 'body_sha256', 'hmac' );

	/** The app's own limit for a proxied body. */
	const MAX_BODY_BYTES = 16384;

	/** Hooks the routes. */
	public static function register(): void {
		add_action( 'rest_api_init', array( self::class, 'routes' ) );
	}

	/** Registers the routes. */
	public static function routes(): void {
		register_rest_route(
			self::NAMESPACE,
			'/connect-proof',
			array(
				'methods'             => 'GET',
				'callback'            => array( self::class, 'connect_proof' ),
				// Public by design: the answer proves the secret without revealing it.
				'permission_callback' => '__return_true',
				'args'                => array(
					'nonce' => array(
						'type'     => 'string',
						'required' => true,
						'pattern'  => '^[A-Za-z0-9_-]{16,128}$',
					),
				),
			)
		);
		register_rest_route(
			self::NAMESPACE,
			'/proxy/api/(?P<path>' . implode( '|', self::PROXY_PATHS ) . ')',
			array(
				'methods'             => array( 'GET', 'POST' ),
				'callback'            => array( self::class, 'proxy' ),
				'permission_callback' => array( self::class, 'has_rest_nonce' ),
			)
		);
	}

	/** The storefront's API base on this site (the proxy's `path_prefix`). */
	public static function proxy_base(): string {
		$path = wp_parse_url( rest_url( self::NAMESPACE . '/proxy' ), PHP_URL_PATH );
		return is_string( $path ) ? untrailingslashit( $path ) : '/wp-json/retention/v1/proxy';
	}

	/**
	 * C2: hex(hmac_sha256(plugin_secret, "connect-proof:" . nonce)).
	 *
	 * @param WP_REST_Request $request The request.
	 */
	public static function connect_proof( WP_REST_Request $request ): WP_REST_Response {
		$signer   = new Retention_Signer( Retention_Options::secret() );
		$response = new WP_REST_Response( array( 'proof' => $signer->connect_proof( (string) $request->get_param( 'nonce' ) ) ) );
		$response->header( 'Cache-Control', 'private, no-store' );
		return $response;
	}

	/**
	 * The storefront proxy needs the WordPress REST nonce (X-WP-Nonce, action wp_rest): with it
	 * WordPress identifies a signed-in shopper by cookie, and a cross-site page cannot call it.
	 *
	 * @param WP_REST_Request $request The request.
	 * @return true|WP_Error
	 */
	public static function has_rest_nonce( WP_REST_Request $request ) {
		$nonce = (string) $request->get_header( 'X-WP-Nonce' );
		if ( '' !== $nonce && false !== wp_verify_nonce( $nonce, 'wp_rest' ) ) {
			return true;
		}
		return new WP_Error( 'retention_nonce', __( 'Please reload the page and try again.', 'retention-for-woocommerce' ), array( 'status' => 403 ) );
	}

	/**
	 * P: forwards to {app}/proxy/api/<path> and answers with the app's status and JSON.
	 *
	 * @param WP_REST_Request $request The request.
	 */
	public static function proxy( WP_REST_Request $request ): WP_REST_Response {
		$query = self::shopper_query();
		if ( null === $query ) {
			return self::error( 400, __( 'This request could not be verified.', 'retention-for-woocommerce' ) );
		}
		$client = Retention_App_Client::from_options();
		if ( ! $client || ! Retention_Options::is_connected() ) {
			return self::error( 503, __( 'Rewards are not available right now.', 'retention-for-woocommerce' ) );
		}
		$method = $request->get_method();
		$body   = null;
		if ( 'POST' === $method ) {
			$body = $request->get_body();
			if ( strlen( $body ) > self::MAX_BODY_BYTES ) {
				return self::error( 413, __( 'The request is too large.', 'retention-for-woocommerce' ) );
			}
		}
		$answer = $client->proxy( $method, (string) $request['path'], $query, $body, get_current_user_id(), self::proxy_base() );
		if ( is_wp_error( $answer ) ) {
			return self::error( 502, __( 'Rewards are temporarily unavailable. Please try again later.', 'retention-for-woocommerce' ) );
		}
		$data = json_decode( $answer['body'], true );
		if ( ! is_array( $data ) || $answer['status'] < 200 || $answer['status'] > 599 ) {
			return self::error( 502, __( 'Rewards are temporarily unavailable. Please try again later.', 'retention-for-woocommerce' ) );
		}
		$response = new WP_REST_Response( $data, $answer['status'] );
		$response->header( 'Cache-Control', 'private, no-store' );
		return $response;
	}

	/**
	 * The shopper's own query parameters to pass on, from the raw query string (PHP's $_GET
	 * silently keeps the last of a repeated key and rewrites names such as "a.b").
	 * Any parameter given twice refuses the request, as the app would. Reserved and WordPress
	 * parameters are dropped; so is any name other than lower-case letters, so the byte order the
	 * plugin sorts by and the locale order Shopify's verifier sorts by can never differ.
	 *
	 * @return array<int, array{0: string, 1: string}>|null Null when the request must be refused.
	 */
	public static function shopper_query(): ?array {
		$raw   = isset( $_SERVER['QUERY_STRING'] ) ? wp_unslash( $_SERVER['QUERY_STRING'] ) : ''; // phpcs:ignore WordPress.Security.ValidatedSanitizedInput.InputNotSanitized -- parsed below, every value is only signed and forwarded.
		$seen  = array();
		$pairs = array();
		foreach ( explode( '&', (string) $raw ) as $part ) {
			if ( '' === $part ) {
				continue;
			}
			$split = explode( '=', $part, 2 );
			$key   = urldecode( $split[0] );
			$value = urldecode( $split[1] ?? '' );
			if ( isset( $seen[ $key ] ) ) {
				return null;
			}
			$seen[ $key ] = true;
			if ( in_array( $key, self::RESERVED, true ) || ! preg_match( '/^[a-z]{1,40}$/', $key ) || strlen( $value ) > 512 ) {
				continue;
			}
			$pairs[] = array( $key, $value );
		}
		return count( $pairs ) > 20 ? null : $pairs;
	}

	/**
	 * A `{ error }` answer the storefront script shows to the shopper.
	 *
	 * @param int    $status  HTTP status.
	 * @param string $message Text fit for a shopper.
	 */
	private static function error( int $status, string $message ): WP_REST_Response {
		$response = new WP_REST_Response( array( 'error' => $message ), $status );
		$response->header( 'Cache-Control', 'private, no-store' );
		return $response;
	}
}
