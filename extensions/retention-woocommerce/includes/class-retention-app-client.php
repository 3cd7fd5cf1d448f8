<?php
/**
 * Requests from the store's server to the app: the connect start (C1), and signed requests for
 * the connection's status, settings and disconnect and a shopper's privacy requests (S), and the
 * storefront proxy (P).
 *
 * @package Retention
 */

defined( 'ABSPATH' ) || exit;

/**
 * The app's HTTP client.
 */
final class Retention_App_Client {

	/** Seconds to wait for the app in wp-admin and cron. */
	const TIMEOUT = 10;

	/**
	 * The app's base URL, without a trailing slash.
	 *
	 * @var string
	 */
	private string $app_url;

	/**
	 * Signs with the plugin secret.
	 *
	 * @var Retention_Signer
	 */
	private Retention_Signer $signer;

	/**
	 * @param string           $app_url The app's base URL.
	 * @param Retention_Signer $signer  Signs with the plugin secret.
	 */
	public function __construct( string $app_url, Retention_Signer $signer ) {
		$this->app_url = untrailingslashit( $app_url );
		$this->signer  = $signer;
	}

	/** A client for the configured app, or null when no app URL is set. */
	public static function from_options(): ?self {
		$url = Retention_Options::app_url();
		return '' === $url ? null : new self( $url, new Retention_Signer( Retention_Options::secret() ) );
	}

	/** The `store` parameter of signed requests: the app's shop id, or this site's host before connect. */
	public static function store_param(): string {
		$shop = Retention_Options::shop_id();
		return '' !== $shop ? $shop : (string) wp_parse_url( home_url(), PHP_URL_HOST );
	}

	/**
	 * C1: asks the app to start connecting this store. The only request that carries the secret.
	 *
	 * @param int $wp_user_id The admin who clicked Connect.
	 * @return array<string, mixed>|\WP_Error The app's answer (authorize_url).
	 */
	public function start_connect( int $wp_user_id ) {
		$body = (string) wp_json_encode(
			array(
				'store_url'      => untrailingslashit( home_url() ),
				'plugin_secret'  => Retention_Options::secret(),
				'return_url'     => admin_url( 'admin.php?page=retention' ),
				'plugin_version' => RETENTION_VERSION,
				'wp_user_id'     => $wp_user_id,
			),
			JSON_UNESCAPED_SLASHES
		);
		$answer = $this->send( 'POST', $this->app_url . '/api/woocommerce/plugin/connect', $body );
		return is_wp_error( $answer ) ? $answer : $this->json_or_error( $answer );
	}

	/**
	 * C3: the connection as the app sees it.
	 *
	 * @param int $wp_user_id The admin viewing the Retention page.
	 * @return array<string, mixed>|\WP_Error
	 */
	public function status( int $wp_user_id ) {
		return $this->signed( 'GET', '/api/woocommerce/plugin/status', null, $wp_user_id );
	}

	/**
	 * The pixel ids and storefront settings.
	 *
	 * @return array<string, mixed>|\WP_Error
	 */
	public function settings() {
		return $this->signed( 'GET', '/api/woocommerce/plugin/settings', null, 0 );
	}

	/**
	 * C4: asks the app to stop syncing this store.
	 *
	 * @param string $reason     disconnect, deactivate or uninstall.
	 * @param int    $wp_user_id The admin who asked, or 0.
	 * @return array<string, mixed>|\WP_Error
	 */
	public function disconnect( string $reason, int $wp_user_id ) {
		$body = (string) wp_json_encode( array( 'reason' => $reason ) );
		return $this->signed( 'POST', '/api/woocommerce/plugin/disconnect', $body, $wp_user_id );
	}

	/**
	 * A privacy request from WordPress's Export / Erase Personal Data tools: what the app holds
	 * about the shopper (export), or the erasure of it (erase).
	 *
	 * @param string   $kind        export or erase.
	 * @param string   $email       The request's e-mail address.
	 * @param int|null $customer_id The WordPress user with that e-mail (WooCommerce's customer id), or null.
	 * @param int|null $request_id  The privacy request (a user_request post): the same request is answered once.
	 * @param int      $wp_user_id  The admin who runs the request, or 0.
	 * @return array<string, mixed>|\WP_Error
	 */
	public function privacy( string $kind, string $email, ?int $customer_id, ?int $request_id, int $wp_user_id ) {
		$body = (string) wp_json_encode(
			array(
				'email'       => $email,
				'customer_id' => $customer_id,
				'request_id'  => $request_id,
			)
		);
		return $this->signed( 'POST', '/api/woocommerce/plugin/privacy/' . ( 'erase' === $kind ? 'erase' : 'export' ), $body, $wp_user_id );
	}

	/**
	 * P: forwards a shopper's request to {app}/proxy/api/<path> with the signed shop and customer.
	 *
	 * @param string                                  $method      GET or POST.
	 * @param string                                  $path        One of the proxied paths.
	 * @param array<int, array{0: string, 1: string}> $query       The shopper's own parameters, already filtered.
	 * @param string|null                             $body        The raw JSON body (POST), or null.
	 * @param int                                     $customer_id The signed-in WordPress user, or 0.
	 * @param string                                  $path_prefix Where the proxy lives on the store.
	 * @return array{status: int, body: string}|\WP_Error
	 */
	public function proxy( string $method, string $path, array $query, ?string $body, int $customer_id, string $path_prefix ) {
		$params = array();
		foreach ( $query as $pair ) {
			$params[ $pair[0] ] = $pair[1];
		}
		if ( ! isset( $params['locale'] ) || '' === $params['locale'] ) {
			// The shopper's language, so the app answers its own texts in it (the storefront script sends
			// the page's; a caller without one gets this request's). Signed with the rest.
			$params['locale'] = determine_locale();
		}
		$params['shop']                  = Retention_Options::shop_id();
		$params['logged_in_customer_id'] = $customer_id > 0 ? (string) $customer_id : '';
		$params['path_prefix']           = $path_prefix;
		$url                             = $this->app_url . '/proxy/api/' . $path . '?' . $this->signer->signed_query( $params, 'POST' === $method ? (string) $body : null );
		$headers                         = array();
		$client_ip                       = isset( $_SERVER['REMOTE_ADDR'] ) ? sanitize_text_field( wp_unslash( $_SERVER['REMOTE_ADDR'] ) ) : '';
		if ( '' !== $client_ip && false !== filter_var( $client_ip, FILTER_VALIDATE_IP ) ) {
			// As Shopify's app proxy does: the app may rate-limit per shopper.
			$headers['X-Forwarded-For'] = $client_ip;
		}
		return $this->send( $method, $url, 'POST' === $method ? (string) $body : null, $headers );
	}

	/**
	 * A signed server-to-server request (S): store, timestamp, wp_user_id and, for a body,
	 * body_sha256 in the query, then the signature over them.
	 *
	 * @param string      $method     GET or POST.
	 * @param string      $path       The app's path.
	 * @param string|null $body       Raw JSON body, or null.
	 * @param int         $wp_user_id The acting WordPress user, or 0.
	 * @return array<string, mixed>|\WP_Error
	 */
	private function signed( string $method, string $path, ?string $body, int $wp_user_id ) {
		$query  = $this->signer->signed_query(
			array(
				'store'      => self::store_param(),
				'wp_user_id' => (string) $wp_user_id,
			),
			$body
		);
		$answer = $this->send( $method, $this->app_url . $path . '?' . $query, $body );
		return is_wp_error( $answer ) ? $answer : $this->json_or_error( $answer );
	}

	/**
	 * Sends one request. wp_safe_remote_request refuses private addresses and odd ports unless a
	 * site allows them, and no redirect is followed, so a request never lands somewhere unexpected.
	 *
	 * @param string                $method  HTTP method.
	 * @param string                $url     Full URL.
	 * @param string|null           $body    Raw JSON body, or null.
	 * @param array<string, string> $headers Extra headers.
	 * @return array{status: int, body: string}|\WP_Error
	 */
	private function send( string $method, string $url, ?string $body, array $headers = array() ) {
		$args     = array(
			'method'      => $method,
			'timeout'     => self::TIMEOUT,
			'redirection' => 0,
			'headers'     => array_merge(
				array(
					'Accept'     => 'application/json',
					'User-Agent' => 'retention-for-woocommerce/' . RETENTION_VERSION . '; ' . home_url(),
				),
				null === $body ? array() : array( 'Content-Type' => 'application/json' ),
				$headers
			),
		);
		$args     = null === $body ? $args : array_merge( $args, array( 'body' => $body ) );
		$response = wp_safe_remote_request( $url, $args );
		if ( is_wp_error( $response ) ) {
			return new \WP_Error( 'retention_app_unreachable', __( 'The Retention app could not be reached.', 'retention-for-woocommerce' ), array( 'detail' => $response->get_error_message() ) );
		}
		return array(
			'status' => (int) wp_remote_retrieve_response_code( $response ),
			'body'   => (string) wp_remote_retrieve_body( $response ),
		);
	}

	/**
	 * The decoded JSON object of a 2xx answer, or an error with the app's message.
	 *
	 * @param array{status: int, body: string} $answer Status and raw body.
	 * @return array<string, mixed>|\WP_Error
	 */
	private function json_or_error( array $answer ) {
		$data = json_decode( $answer['body'], true );
		if ( $answer['status'] >= 200 && $answer['status'] < 300 && is_array( $data ) ) {
			return $data;
		}
		$message = is_array( $data ) && isset( $data['error'] ) && is_string( $data['error'] )
			? sanitize_text_field( $data['error'] )
			/* translators: %d: HTTP status code. */
			: sprintf( __( 'The Retention app answered with HTTP %d.', 'retention-for-woocommerce' ), $answer['status'] );
		return new \WP_Error( 'retention_app_error', $message, array( 'status' => $answer['status'] ) );
	}
}
