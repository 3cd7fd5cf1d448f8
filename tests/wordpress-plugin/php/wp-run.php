<?php
/**
 * Runs PHP code from stdin inside a WordPress site, as the admin user (id 1), like a request to
 * the site's own host: php wp-run.php SITE_DIR SITE_URL < code.php-fragment
 */
if ( PHP_SAPI !== 'cli' ) {
	exit( 1 );
}
$site = rtrim( $argv[1], '/' );
$url  = $argv[2];

$_SERVER['HTTP_HOST']       = parse_url( $url, PHP_URL_HOST ) . ':' . parse_url( $url, PHP_URL_PORT );
$_SERVER['SERVER_NAME']     = parse_url( $url, PHP_URL_HOST );
$_SERVER['SERVER_PORT']     = (string) parse_url( $url, PHP_URL_PORT );
$_SERVER['REQUEST_URI']     = '/';
$_SERVER['REQUEST_METHOD']  = 'GET';
$_SERVER['REMOTE_ADDR']     = '127.0.0.1';
$_SERVER['SERVER_PROTOCOL'] = 'HTTP/1.1';

$code = stream_get_contents( STDIN );
require $site . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';
require_once ABSPATH . 'wp-admin/includes/file.php';
require_once ABSPATH . 'wp-admin/includes/misc.php';
require_once ABSPATH . 'wp-admin/includes/class-wp-upgrader.php';
wp_set_current_user( 1 );
eval( $code ); // phpcs:ignore -- test runner.
