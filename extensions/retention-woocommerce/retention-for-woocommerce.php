<?php
/**
 * Plugin Name:          Retention for WooCommerce
 * Plugin URI:           https://github.com/retention-app/retention
 * Description:          Loyalty points, rewards, referrals and NPS surveys from the Retention app on your WooCommerce store, with retargeting pixels that load only after marketing consent.
 * Version:              0.1.0
 * Requires at least:    6.5
 * Requires PHP:         8.1
 * Requires Plugins:     woocommerce
 * Author:               Retention
 * License:              GPL-2.0-or-later
 * License URI:          https://www.gnu.org/licenses/gpl-2.0.html
 * Text Domain:          retention-for-woocommerce
 * Domain Path:          /languages
 * WC requires at least: 8.5
 * WC tested up to:      11.0
 *
 * @package Retention
 */

defined( 'ABSPATH' ) || exit;

define( 'RETENTION_VERSION', '0.1.0' );
define( 'RETENTION_PLUGIN_FILE', __FILE__ );
define( 'RETENTION_PLUGIN_DIR', __DIR__ );

require_once __DIR__ . '/includes/class-retention-options.php';
require_once __DIR__ . '/includes/class-retention-signer.php';
require_once __DIR__ . '/includes/class-retention-app-client.php';
require_once __DIR__ . '/includes/class-retention-lifecycle.php';
require_once __DIR__ . '/includes/class-retention-admin.php';
require_once __DIR__ . '/includes/class-retention-rest.php';
require_once __DIR__ . '/includes/class-retention-storefront.php';
require_once __DIR__ . '/includes/class-retention-pixels.php';
require_once __DIR__ . '/includes/class-retention-privacy.php';

register_activation_hook( __FILE__, array( 'Retention_Lifecycle', 'activate' ) );
register_deactivation_hook( __FILE__, array( 'Retention_Lifecycle', 'deactivate' ) );

// WooCommerce asks every plugin before it loads whether it works with its features; this one
// reads orders only through WooCommerce's CRUD API, so it works with the order tables (HPOS)
// and leaves the block cart and checkout alone.
add_action(
	'before_woocommerce_init',
	static function () {
		if ( class_exists( \Automattic\WooCommerce\Utilities\FeaturesUtil::class ) ) {
			\Automattic\WooCommerce\Utilities\FeaturesUtil::declare_compatibility( 'custom_order_tables', __FILE__, true );
			\Automattic\WooCommerce\Utilities\FeaturesUtil::declare_compatibility( 'cart_checkout_blocks', __FILE__, true );
		}
	}
);

add_action( 'init', array( 'Retention_Lifecycle', 'load_textdomain' ), 0 );
add_action( Retention_Lifecycle::REFRESH_HOOK, array( 'Retention_Lifecycle', 'refresh_settings' ) );

Retention_Admin::register();
Retention_Rest::register();
Retention_Storefront::register();
Retention_Pixels::register();
Retention_Privacy::register();
