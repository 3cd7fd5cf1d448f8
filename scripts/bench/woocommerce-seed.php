// Seeds the bench store with WooCommerce's own PHP API (no SQL): run as a function body by
// tests/wordpress-stack/wp-eval.php, one batch per process. Settings from the environment:
// SEED_FROM / SEED_TO (order numbers of this batch, 0-based), SEED_CUSTOMERS. Deterministic:
// order n always gets the same customer, products, status, date and refund.
$from      = (int) getenv( 'SEED_FROM' );
$to        = (int) getenv( 'SEED_TO' );
$customers = (int) getenv( 'SEED_CUSTOMERS' );

// Nothing leaves the store and no mail is rendered: every WooCommerce e-mail is switched off.
foreach ( WC()->mailer()->get_emails() as $email ) {
	add_filter( 'woocommerce_email_enabled_' . $email->id, '__return_false' );
}
// Customer accounts get a throwaway password: the cheapest bcrypt cost keeps 3,000 of them fast.
add_filter( 'wp_hash_password_options', static fn() => array( 'cost' => 4 ) );

$ids = get_option( 'retention_bench_customers', array() );
for ( $c = count( $ids ); $c < $customers; $c++ ) {
	$user_id = wp_insert_user(
		array(
			'user_login' => "bench-customer-$c",
			'user_email' => "bench-customer-$c@example.test",
			'user_pass'  => wp_generate_password( 12, false ),
			'first_name' => 'Bench',
			'last_name'  => "Customer $c",
			'role'       => 'customer',
		)
	);
	if ( is_wp_error( $user_id ) ) {
		$user_id = get_user_by( 'login', "bench-customer-$c" )->ID;
	}
	$ids[] = $user_id;
	if ( 0 === $c % 250 ) {
		update_option( 'retention_bench_customers', $ids, false );
	}
}
update_option( 'retention_bench_customers', $ids, false );

$products = wc_get_products( array( 'limit' => -1, 'status' => 'publish', 'return' => 'objects', 'orderby' => 'id', 'order' => 'ASC' ) );
$statuses = array( 'completed', 'completed', 'completed', 'completed', 'processing', 'processing', 'on-hold', 'pending', 'cancelled', 'failed', 'refunded' );
$start    = strtotime( '2023-01-01T00:00:00Z' );
$span     = 3 * 365 * 86400;
$made     = 0;

for ( $n = $from; $n < $to; $n++ ) {
	mt_srand( 1000003 + $n );
	$order = new WC_Order();
	// A quarter of the orders are guests; the rest belong to one of the customers (some buy often).
	$guest = 0 === mt_rand( 0, 3 );
	$c     = $guest ? -1 : (int) floor( ( mt_rand() / mt_getrandmax() ) ** 2 * count( $ids ) );
	if ( $guest ) {
		$order->set_billing_email( "bench-guest-$n@example.test" );
		$order->set_billing_first_name( 'Guest' );
		$order->set_billing_last_name( "Buyer $n" );
	} else {
		$order->set_customer_id( $ids[ $c ] );
		$order->set_billing_email( "bench-customer-$c@example.test" );
		$order->set_billing_first_name( 'Bench' );
		$order->set_billing_last_name( "Customer $c" );
	}
	$order->set_billing_country( 'NL' );
	$order->set_currency( 'EUR' );
	$order->set_payment_method( 'bacs' );
	$lines = mt_rand( 1, 3 );
	for ( $l = 0; $l < $lines; $l++ ) {
		$product = $products[ mt_rand( 0, count( $products ) - 1 ) ];
		$qty     = mt_rand( 1, 3 );
		$item    = new WC_Order_Item_Product();
		$item->set_product( $product );
		$item->set_quantity( $qty );
		$item->set_subtotal( wc_format_decimal( $product->get_price() * $qty ) );
		$item->set_total( wc_format_decimal( $product->get_price() * $qty ) );
		$order->add_item( $item );
	}
	$order->set_date_created( $start + (int) ( $span * $n / max( 1, (int) getenv( "SEED_TOTAL" ) ) ) + mt_rand( 0, 3600 ) );
	$order->calculate_totals( false );
	$order->set_status( $statuses[ mt_rand( 0, count( $statuses ) - 1 ) ] );
	$order->save();
	// Every 20th completed order has a partial refund.
	if ( 'completed' === $order->get_status() && 0 === mt_rand( 0, 19 ) ) {
		wc_create_refund( array( 'order_id' => $order->get_id(), 'amount' => '2.50', 'reason' => 'bench partial refund' ) );
	}
	$made++;
	if ( 0 === $made % 200 ) {
		wp_cache_flush();
	}
}
return array( 'made' => $made, 'customers' => count( $ids ) );
