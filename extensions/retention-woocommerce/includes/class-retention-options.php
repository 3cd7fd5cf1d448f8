<?php
/**
 * The WordPress options this plugin owns (all removed on uninstall) and their defaults.
 *
 * @package Retention
 */

defined( 'ABSPATH' ) || exit;

/**
 * Reads and writes the plugin's options.
 */
final class Retention_Options {

	const APP_URL        = 'retention_app_url';
	const SECRET         = 'retention_plugin_secret';
	const SHOP_ID        = 'retention_shop_id';
	const CONNECTION     = 'retention_connection';
	const SETTINGS_CACHE = 'retention_settings_cache';

	/** Every option the plugin writes: uninstall deletes exactly these. */
	const ALL = array( self::APP_URL, self::SECRET, self::SHOP_ID, self::CONNECTION, self::SETTINGS_CACHE );

	/** Seconds after which the cached app settings are refreshed in the background. */
	const SETTINGS_TTL = 600;

	/**
	 * The app's base URL: the RETENTION_APP_URL constant (wp-config.php) wins over the option.
	 *
	 * @return string Without a trailing slash; '' when none is set or the constant is invalid.
	 */
	public static function app_url(): string {
		if ( self::app_url_is_constant() ) {
			return self::normalize_app_url( (string) constant( 'RETENTION_APP_URL' ) ) ?? '';
		}
		return (string) get_option( self::APP_URL, '' );
	}

	/** Whether wp-config.php fixes the app URL (the field on the Retention page is then read-only). */
	public static function app_url_is_constant(): bool {
		return defined( 'RETENTION_APP_URL' );
	}

	/**
	 * Validates an app URL: https with a host, no credentials, query or fragment. Plain http is
	 * accepted only for a loopback host on a local or development site (an app under development).
	 *
	 * @param string $url The URL as entered.
	 * @return string|null The URL without a trailing slash, or null when it is not acceptable.
	 */
	public static function normalize_app_url( string $url ): ?string {
		$url   = trim( $url );
		$parts = wp_parse_url( $url );
		if ( ! is_array( $parts ) || empty( $parts['scheme'] ) || empty( $parts['host'] ) ) {
			return null;
		}
		if ( isset( $parts['user'] ) || isset( $parts['pass'] ) || isset( $parts['query'] ) || isset( $parts['fragment'] ) ) {
			return null;
		}
		$scheme = strtolower( $parts['scheme'] );
		$host   = strtolower( $parts['host'] );
		if ( 'https' !== $scheme ) {
			$loopback = in_array( $host, array( 'localhost', '127.0.0.1', '[::1]' ), true );
			$dev_site = in_array( wp_get_environment_type(), array( 'local', 'development' ), true );
			if ( 'http' !== $scheme || ! $loopback || ! $dev_site ) {
				return null;
			}
		}
		if ( ! preg_match( '/^[a-z0-9.\-\[\]:]+$/', $host ) ) {
			return null;
		}
		$port = isset( $parts['port'] ) ? ':' . (int) $parts['port'] : '';
		$path = isset( $parts['path'] ) ? rtrim( $parts['path'], '/' ) : '';
		if ( '' !== $path && ! preg_match( '#^(/[A-Za-z0-9._~\-]+)+$#', $path ) ) {
			return null;
		}
		return $scheme . '://' . $host . $port . $path;
	}

	/**
	 * The secret shared with the app (64 hex characters). Made on activation; made here too if a
	 * site lost it, so signing never runs with an empty key.
	 */
	public static function secret(): string {
		$secret = (string) get_option( self::SECRET, '' );
		if ( ! preg_match( '/^[0-9a-f]{64}$/', $secret ) ) {
			$secret = bin2hex( random_bytes( 32 ) );
			update_option( self::SECRET, $secret, false );
		}
		return $secret;
	}

	/** The app's id for this store, set once the app reports the store connected. */
	public static function shop_id(): string {
		return (string) get_option( self::SHOP_ID, '' );
	}

	/**
	 * The connection as last known: status (disconnected, pending, connected), connected_at
	 * (unix time or null), last_error (text or null).
	 *
	 * @return array{status: string, connected_at: int|null, last_error: string|null}
	 */
	public static function connection(): array {
		$stored = get_option( self::CONNECTION, array() );
		$stored = is_array( $stored ) ? $stored : array();
		return array(
			'status'       => in_array( $stored['status'] ?? '', array( 'pending', 'connected' ), true ) ? $stored['status'] : 'disconnected',
			'connected_at' => isset( $stored['connected_at'] ) ? (int) $stored['connected_at'] : null,
			'last_error'   => isset( $stored['last_error'] ) ? (string) $stored['last_error'] : null,
		);
	}

	/**
	 * Merges changes into the stored connection.
	 *
	 * @param array<string, mixed> $changes Keys of connection() to change.
	 */
	public static function update_connection( array $changes ): void {
		update_option( self::CONNECTION, array_merge( self::connection(), $changes ), false );
	}

	/** Whether the storefront can talk to the app: connected, with a shop id and an app URL. */
	public static function is_connected(): bool {
		return 'connected' === self::connection()['status'] && '' !== self::shop_id() && '' !== self::app_url();
	}

	/**
	 * The app's storefront settings as last fetched, with defaults for anything missing.
	 *
	 * @return array{pixels: array{meta: string|null, google: string|null, tiktok: string|null}, storefront: array{launcher: bool, locale_default: string}, fetched_at: int}
	 */
	public static function settings(): array {
		$cache      = get_option( self::SETTINGS_CACHE, array() );
		$cache      = is_array( $cache ) ? $cache : array();
		$pixels     = isset( $cache['pixels'] ) && is_array( $cache['pixels'] ) ? $cache['pixels'] : array();
		$storefront = isset( $cache['storefront'] ) && is_array( $cache['storefront'] ) ? $cache['storefront'] : array();
		return array(
			'pixels'     => array(
				'meta'   => self::pixel_id( $pixels['meta'] ?? null, '/^\d{5,20}$/' ),
				'google' => self::pixel_id( $pixels['google'] ?? null, '/^(G|AW|GT|DC)-[A-Z0-9]{4,20}$/' ),
				'tiktok' => self::pixel_id( $pixels['tiktok'] ?? null, '/^[A-Z0-9]{10,30}$/' ),
			),
			'storefront' => array(
				'launcher'       => ! isset( $storefront['launcher'] ) || (bool) $storefront['launcher'],
				'locale_default' => 'nl' === ( $storefront['locale_default'] ?? '' ) ? 'nl' : 'en',
			),
			'fetched_at' => (int) ( $cache['fetched_at'] ?? 0 ),
		);
	}

	/**
	 * Stores settings fetched from the app (only the fields the plugin uses).
	 *
	 * @param array<string, mixed> $answer The app's JSON answer.
	 */
	public static function store_settings( array $answer ): void {
		$pixels     = isset( $answer['pixels'] ) && is_array( $answer['pixels'] ) ? $answer['pixels'] : array();
		$storefront = isset( $answer['storefront'] ) && is_array( $answer['storefront'] ) ? $answer['storefront'] : array();
		$keep       = static fn( $value ) => is_string( $value ) ? sanitize_text_field( $value ) : null;
		update_option(
			self::SETTINGS_CACHE,
			array(
				'pixels'     => array(
					'meta'   => $keep( $pixels['meta'] ?? null ),
					'google' => $keep( $pixels['google'] ?? null ),
					'tiktok' => $keep( $pixels['tiktok'] ?? null ),
				),
				'storefront' => array(
					'launcher'       => ! isset( $storefront['launcher'] ) || (bool) $storefront['launcher'],
					'locale_default' => $keep( $storefront['locale_default'] ?? null ),
				),
				'fetched_at' => time(),
			),
			true
		);
	}

	/**
	 * A pixel id, or null when it is empty or not of its network's form (it is printed into pages).
	 *
	 * @param mixed  $value   The stored value.
	 * @param string $pattern The network's id format.
	 */
	private static function pixel_id( $value, string $pattern ): ?string {
		return is_string( $value ) && preg_match( $pattern, $value ) ? $value : null;
	}
}
