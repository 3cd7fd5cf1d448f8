<?php
/**
 * Uninstall: asks the app to stop syncing this store (a signed disconnect), then deletes every
 * option and scheduled event the plugin added. WordPress runs this file without loading the
 * plugin, so it loads the few classes it needs itself.
 *
 * @package Retention
 */

defined( 'WP_UNINSTALL_PLUGIN' ) || exit;

if ( ! defined( 'RETENTION_VERSION' ) ) {
	define( 'RETENTION_VERSION', '0.1.0' );
}
if ( ! defined( 'RETENTION_PLUGIN_FILE' ) ) {
	define( 'RETENTION_PLUGIN_FILE', __DIR__ . '/retention-for-woocommerce.php' );
}

require_once __DIR__ . '/includes/class-retention-options.php';
require_once __DIR__ . '/includes/class-retention-signer.php';
require_once __DIR__ . '/includes/class-retention-app-client.php';
require_once __DIR__ . '/includes/class-retention-lifecycle.php';

Retention_Lifecycle::uninstall();
