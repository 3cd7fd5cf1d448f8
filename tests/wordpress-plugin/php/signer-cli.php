<?php
/**
 * Runs the plugin's Retention_Signer outside WordPress for the signature tests: reads one JSON
 * request from stdin ({ op, secret, ... }) and prints the result as JSON. Only the two WordPress
 * functions the signer calls are stood in for, with their WordPress behaviour.
 */
define( 'ABSPATH', __DIR__ . '/' );
function wp_json_encode( $data, $flags = 0 ) {
	return json_encode( $data, $flags );
}
class WP_User {
	public $ID;
	public $user_email;
	public function __construct( $id, $email ) {
		$this->ID         = $id;
		$this->user_email = $email;
	}
}
require $argv[1] . '/includes/class-retention-signer.php';

$in     = json_decode( stream_get_contents( STDIN ), true );
$signer = new Retention_Signer( $in['secret'] );
switch ( $in['op'] ) {
	case 'canonical':
		$out = Retention_Signer::canonical( $in['pairs'] );
		break;
	case 'signed_query':
		$out = $signer->signed_query( $in['params'], $in['body'] ?? null, $in['now'] ?? null );
		break;
	case 'connect_proof':
		$out = $signer->connect_proof( $in['nonce'] );
		break;
	case 'dashboard_token':
		$out = $signer->dashboard_token( $in['shop'], new WP_User( $in['user_id'], $in['email'] ), $in['now'] ?? null );
		break;
	default:
		fwrite( STDERR, "unknown op\n" );
		exit( 2 );
}
echo json_encode( $out );
