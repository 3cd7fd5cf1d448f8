<?php
/**
 * Everything the plugin signs with the secret it shares with the app: server-to-server requests
 * and the storefront proxy (Shopify's app-proxy signature scheme), the connect proof and the
 * dashboard sign-in token.
 *
 * @package Retention
 */

defined( 'ABSPATH' ) || exit;

/**
 * HMAC-SHA256 signatures with the plugin secret.
 */
final class Retention_Signer {

	/** Seconds a dashboard sign-in token is valid. */
	const TOKEN_LIFETIME = 60;

	/**
	 * The shared secret (hex, as stored; used as the HMAC key as is).
	 *
	 * @var string
	 */
	private string $secret;

	/**
	 * @param string $secret The plugin secret.
	 */
	public function __construct( string $secret ) {
		$this->secret = $secret;
	}

	/**
	 * The string Shopify's app proxy signs: every parameter except `signature`, as key=value, the
	 * values of a repeated key joined with ",", sorted by key (byte order) and concatenated with no
	 * separator. Values are the decoded values, not their URL encoding.
	 *
	 * @param array<int, array{0: string, 1: string}> $pairs Parameters in the order given.
	 */
	public static function canonical( array $pairs ): string {
		$grouped = array();
		foreach ( $pairs as $pair ) {
			$key = (string) $pair[0];
			if ( 'signature' === $key ) {
				continue;
			}
			$grouped[ $key ][] = (string) $pair[1];
		}
		ksort( $grouped, SORT_STRING );
		$canonical = '';
		foreach ( $grouped as $key => $values ) {
			$canonical .= $key . '=' . implode( ',', $values );
		}
		return $canonical;
	}

	/**
	 * Hex HMAC-SHA256 of the canonical string.
	 *
	 * @param array<int, array{0: string, 1: string}> $pairs Parameters.
	 */
	public function signature( array $pairs ): string {
		return hash_hmac( 'sha256', self::canonical( $pairs ), $this->secret );
	}

	/**
	 * Adds `timestamp`, `request_id`, `body_sha256` (when there is a body) and `signature` to the
	 * parameters and returns the query string (RFC 3986 encoding, so a space is %20 and never "+").
	 *
	 * `request_id` (32 random hex characters) is this plugin's one addition to the scheme: the app
	 * refuses a signature it has already seen within the timestamp window, and without it two
	 * identical requests in the same second (a shopper's page loading /api/me twice) would carry
	 * the same signature. It is signed like every other parameter, so Shopify's verifier accepts it.
	 *
	 * @param array<string, string> $params Parameters without timestamp and signature.
	 * @param string|null           $body   The raw request body, or null for none.
	 * @param int|null              $now    Unix time; the current time when null.
	 */
	public function signed_query( array $params, ?string $body = null, ?int $now = null ): string {
		$params['timestamp']  = (string) ( $now ?? time() );
		$params['request_id'] = bin2hex( random_bytes( 16 ) );
		if ( null !== $body ) {
			$params['body_sha256'] = hash( 'sha256', $body );
		}
		$pairs = array();
		foreach ( $params as $key => $value ) {
			$pairs[] = array( (string) $key, (string) $value );
		}
		$params['signature'] = $this->signature( $pairs );
		return http_build_query( $params, '', '&', PHP_QUERY_RFC3986 );
	}

	/**
	 * The answer to the app's connect challenge: hex(hmac_sha256(secret, "connect-proof:" . nonce)).
	 * The prefix keeps this from ever equalling a request signature.
	 *
	 * @param string $nonce The app's pending-connect nonce.
	 */
	public function connect_proof( string $nonce ): string {
		return hash_hmac( 'sha256', 'connect-proof:' . $nonce, $this->secret );
	}

	/**
	 * A dashboard sign-in token: base64url(json) . "." . base64url(hmac_sha256(secret, base64url(json))).
	 *
	 * @param string   $shop_id The app's id for this store.
	 * @param \WP_User $user    The signed-in WordPress user.
	 * @param int|null $now     Unix time; the current time when null.
	 */
	public function dashboard_token( string $shop_id, \WP_User $user, ?int $now = null ): string {
		$iat     = $now ?? time();
		$payload = self::base64url(
			(string) wp_json_encode(
				array(
					'v'             => 1,
					'shop'          => $shop_id,
					'wp_user_id'    => (int) $user->ID,
					'wp_user_email' => (string) $user->user_email,
					'iat'           => $iat,
					'exp'           => $iat + self::TOKEN_LIFETIME,
					'jti'           => bin2hex( random_bytes( 16 ) ),
				),
				JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE
			)
		);
		return $payload . '.' . self::base64url( hash_hmac( 'sha256', $payload, $this->secret, true ) );
	}

	/**
	 * Base64url without padding (RFC 4648 section 5).
	 *
	 * @param string $bytes Raw bytes.
	 */
	public static function base64url( string $bytes ): string {
		return rtrim( strtr( base64_encode( $bytes ), '+/', '-_' ), '=' ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode -- a token format, not obfuscation.
	}
}
