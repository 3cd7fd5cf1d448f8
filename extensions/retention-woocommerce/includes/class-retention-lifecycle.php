<?php
/**
 * Activation, deactivation and uninstall, the scheduled settings refresh, and translations.
 *
 * @package Retention
 */

defined( 'ABSPATH' ) || exit;

/**
 * What the plugin adds to a site and how it takes it away again.
 */
final class Retention_Lifecycle {

	/** WP-Cron hook that refreshes the app's storefront settings (hourly, and soon after they go stale). */
	const REFRESH_HOOK = 'retention_refresh_settings';

	/** Every WP-Cron hook the plugin schedules: deactivation and uninstall clear exactly these. */
	const CRON_HOOKS = array( self::REFRESH_HOOK );

	/** Activation: the shared secret, the connection's initial state, the refresh schedule, the My Account endpoint. */
	public static function activate(): void {
		if ( ! preg_match( '/^[0-9a-f]{64}$/', (string) get_option( Retention_Options::SECRET, '' ) ) ) {
			// Not autoloaded: only wp-admin actions and the proxy need it.
			update_option( Retention_Options::SECRET, bin2hex( random_bytes( 32 ) ), false );
		}
		add_option( Retention_Options::CONNECTION, Retention_Options::connection(), '', false );
		if ( ! wp_next_scheduled( self::REFRESH_HOOK ) ) {
			wp_schedule_event( time() + HOUR_IN_SECONDS, 'hourly', self::REFRESH_HOOK );
		}
		Retention_Storefront::add_endpoint();
		flush_rewrite_rules( false );
	}

	/**
	 * Deactivation: the app stops syncing, the schedule and the endpoint go. The options stay
	 * until uninstall, so reactivating keeps the app URL (a new connect is needed).
	 */
	public static function deactivate(): void {
		self::tell_app_to_stop( 'deactivate' );
		Retention_Options::update_connection( array( 'status' => 'disconnected' ) );
		self::clear_schedule();
		global $wp_rewrite;
		if ( $wp_rewrite instanceof WP_Rewrite ) {
			// The endpoint was added on this request's init; without it the rules lose the tab.
			$wp_rewrite->endpoints = array_values(
				array_filter( $wp_rewrite->endpoints, static fn( $endpoint ) => Retention_Storefront::ENDPOINT !== $endpoint[1] )
			);
			flush_rewrite_rules( false );
		}
	}

	/** Uninstall (from uninstall.php): tell the app, then delete every option and schedule. */
	public static function uninstall(): void {
		self::tell_app_to_stop( 'uninstall' );
		self::clear_schedule();
		foreach ( Retention_Options::ALL as $option ) {
			delete_option( $option );
		}
	}

	/** Signed disconnect to the app when there is a connection to end; a failure never blocks. */
	private static function tell_app_to_stop( string $reason ): void {
		if ( '' === Retention_Options::shop_id() ) {
			return;
		}
		$client = Retention_App_Client::from_options();
		if ( $client ) {
			$client->disconnect( $reason, get_current_user_id() );
		}
	}

	/** Removes every event of the plugin's cron hooks. */
	private static function clear_schedule(): void {
		foreach ( self::CRON_HOOKS as $hook ) {
			wp_clear_scheduled_hook( $hook );
		}
	}

	/** Cron: fetches the storefront settings from the app (a failure keeps the last ones). */
	public static function refresh_settings(): void {
		if ( ! Retention_Options::is_connected() ) {
			return;
		}
		$client   = Retention_App_Client::from_options();
		$settings = $client ? $client->settings() : null;
		if ( is_array( $settings ) ) {
			Retention_Options::store_settings( $settings );
		}
	}

	/**
	 * Storefront pages never wait for the app: stale settings are used as they are, and a refresh
	 * is queued for WP-Cron.
	 */
	public static function refresh_settings_later_if_stale(): void {
		$settings = Retention_Options::settings();
		if ( time() - $settings['fetched_at'] < Retention_Options::SETTINGS_TTL ) {
			return;
		}
		$next = wp_next_scheduled( self::REFRESH_HOOK );
		if ( false === $next || $next > time() + Retention_Options::SETTINGS_TTL ) {
			wp_schedule_single_event( time(), self::REFRESH_HOOK );
		}
	}

	/** Loads the shipped translations (languages/retention-for-woocommerce-<locale>.mo). */
	public static function load_textdomain(): void {
		load_plugin_textdomain( 'retention-for-woocommerce', false, dirname( plugin_basename( RETENTION_PLUGIN_FILE ) ) . '/languages' );
	}
}
