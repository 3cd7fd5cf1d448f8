<?php
/**
 * Runs PHP inside the test store, with WordPress and WooCommerce loaded as the admin (user 1),
 * for fixtures the REST API cannot make (thousands of orders, HPOS on/off). TEST ONLY.
 *
 *   php wp-eval.php SITE_DIR < code
 *
 * The code on stdin is a function body; what it returns is printed as JSON after a marker line,
 * so notices that WordPress prints on stdout cannot corrupt the result.
 * Settings from the environment: WP_URL (the site's own URL, for $_SERVER).
 */
if ( PHP_SAPI !== 'cli' ) {
	exit( 1 );
}
$site = rtrim( $argv[1] ?? '', '/' );
if ( ! is_file( "$site/wp-load.php" ) ) {
	fwrite( STDERR, "usage: php wp-eval.php SITE_DIR < code\n" );
	exit( 2 );
}

// A CLI process has no HTTP request; give WordPress one on the site's own host (as provision.php does).
$wp_url                     = getenv( 'WP_URL' ) ?: 'http://127.0.0.1';
$port                       = parse_url( $wp_url, PHP_URL_PORT );
$_SERVER['HTTP_HOST']       = parse_url( $wp_url, PHP_URL_HOST ) . ( $port ? ":$port" : '' );
$_SERVER['SERVER_NAME']     = parse_url( $wp_url, PHP_URL_HOST );
$_SERVER['SERVER_PORT']     = (string) ( $port ?: 80 );
$_SERVER['REQUEST_URI']     = '/';
$_SERVER['REQUEST_METHOD']  = 'GET';
$_SERVER['REMOTE_ADDR']     = '127.0.0.1';
$_SERVER['SERVER_PROTOCOL'] = 'HTTP/1.1';

require "$site/wp-load.php";
wp_set_current_user( 1 );

$wpstack_code   = stream_get_contents( STDIN );
$wpstack_result = ( static function () use ( $wpstack_code ) {
	return eval( $wpstack_code );
} )();
echo "\n--wp-eval-result--\n" . wp_json_encode( $wpstack_result ) . "\n";
