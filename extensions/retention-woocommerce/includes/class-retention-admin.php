<?php
/**
 * WooCommerce -> Retention: the app URL, Connect / Reconnect / Disconnect, the connection's state
 * and Open dashboard. Only for users who can manage WooCommerce; every action is a nonce-checked
 * POST to admin-post.php.
 *
 * @package Retention
 */

defined( 'ABSPATH' ) || exit;

/**
 * The Retention page and its actions.
 */
final class Retention_Admin {

	const PAGE       = 'retention';
	const CAPABILITY = 'manage_woocommerce';
	const ACTIONS    = array( 'save', 'connect', 'disconnect', 'dashboard' );

	/** Hooks the menu entry and the admin-post handlers. */
	public static function register(): void {
		add_action( 'admin_menu', array( self::class, 'add_menu' ), 60 );
		foreach ( self::ACTIONS as $action ) {
			add_action( 'admin_post_retention_' . $action, array( self::class, 'handle_' . $action ) );
		}
		add_filter( 'plugin_action_links_' . plugin_basename( RETENTION_PLUGIN_FILE ), array( self::class, 'action_links' ) );
	}

	/** WooCommerce -> Retention. */
	public static function add_menu(): void {
		add_submenu_page(
			'woocommerce',
			__( 'Retention', 'retention-for-woocommerce' ),
			__( 'Retention', 'retention-for-woocommerce' ),
			self::CAPABILITY,
			self::PAGE,
			array( self::class, 'render' )
		);
	}

	/**
	 * A "Settings" link on the Plugins screen.
	 *
	 * @param array<int|string, string> $links Existing links.
	 * @return array<int|string, string>
	 */
	public static function action_links( array $links ): array {
		array_unshift( $links, '<a href="' . esc_url( self::page_url() ) . '">' . esc_html__( 'Settings', 'retention-for-woocommerce' ) . '</a>' );
		return $links;
	}

	/**
	 * The Retention page's URL.
	 *
	 * @param array<string, string> $args Extra query arguments.
	 */
	public static function page_url( array $args = array() ): string {
		return add_query_arg( array_merge( array( 'page' => self::PAGE ), $args ), admin_url( 'admin.php' ) );
	}

	/** Renders the page; asks the app for the connection's state first (C3). */
	public static function render(): void {
		if ( ! current_user_can( self::CAPABILITY ) ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to manage Retention.', 'retention-for-woocommerce' ), 403 );
		}
		$status = self::refresh_status();
		$conn   = Retention_Options::connection();
		$app    = Retention_Options::app_url();
		// Read-only display flags from our own redirects; no state changes here.
		// phpcs:disable WordPress.Security.NonceVerification.Recommended
		$notice  = isset( $_GET['retention_notice'] ) ? sanitize_key( wp_unslash( $_GET['retention_notice'] ) ) : '';
		$success = isset( $_GET['success'] ) ? sanitize_key( wp_unslash( $_GET['success'] ) ) : '';
		// phpcs:enable WordPress.Security.NonceVerification.Recommended
		if ( '' !== $success ) {
			// WooCommerce's approval page sends the merchant back here with success=1 or 0.
			$notice = '1' === $success ? 'approved' : 'denied';
		}
		$connected = 'connected' === $conn['status'];
		?>
		<div class="wrap retention-admin">
			<h1><?php esc_html_e( 'Retention', 'retention-for-woocommerce' ); ?></h1>
			<p><?php esc_html_e( 'Loyalty points, rewards, referrals and NPS surveys from the Retention app, on your store.', 'retention-for-woocommerce' ); ?></p>
			<?php self::render_notice( $notice ); ?>

			<h2><?php esc_html_e( 'App', 'retention-for-woocommerce' ); ?></h2>
			<form method="post" action="<?php echo esc_url( admin_url( 'admin-post.php' ) ); ?>">
				<input type="hidden" name="action" value="retention_save" />
				<?php wp_nonce_field( 'retention_save' ); ?>
				<table class="form-table" role="presentation">
					<tr>
						<th scope="row"><label for="retention_app_url"><?php esc_html_e( 'App URL', 'retention-for-woocommerce' ); ?></label></th>
						<td>
							<input type="url" class="regular-text code" id="retention_app_url" name="retention_app_url" value="<?php echo esc_attr( $app ); ?>" placeholder="https://retention.example.com" <?php disabled( Retention_Options::app_url_is_constant() ); ?> />
							<p class="description">
								<?php
								echo Retention_Options::app_url_is_constant()
									? esc_html__( 'Set by RETENTION_APP_URL in wp-config.php.', 'retention-for-woocommerce' )
									: esc_html__( 'The address of your Retention app (https).', 'retention-for-woocommerce' );
								?>
							</p>
						</td>
					</tr>
				</table>
				<?php submit_button( __( 'Save', 'retention-for-woocommerce' ) ); ?>
			</form>

			<h2><?php esc_html_e( 'Connection', 'retention-for-woocommerce' ); ?></h2>
			<table class="widefat striped retention-connection" style="max-width: 48em">
				<tbody>
					<tr>
						<th scope="row"><?php esc_html_e( 'State', 'retention-for-woocommerce' ); ?></th>
						<td data-retention-state="<?php echo esc_attr( $conn['status'] ); ?>"><?php echo esc_html( self::state_label( $conn['status'] ) ); ?></td>
					</tr>
					<?php if ( is_array( $status ) && ! empty( $status['store_name'] ) ) : ?>
						<tr><th scope="row"><?php esc_html_e( 'Store', 'retention-for-woocommerce' ); ?></th><td><?php echo esc_html( (string) $status['store_name'] ); ?></td></tr>
					<?php endif; ?>
					<?php if ( $conn['connected_at'] ) : ?>
						<tr><th scope="row"><?php esc_html_e( 'Connected since', 'retention-for-woocommerce' ); ?></th><td><?php echo esc_html( wp_date( get_option( 'date_format' ) . ' ' . get_option( 'time_format' ), $conn['connected_at'] ) ); ?></td></tr>
					<?php endif; ?>
					<?php if ( is_array( $status ) && ! empty( $status['last_sync_at'] ) && false !== strtotime( (string) $status['last_sync_at'] ) ) : ?>
						<tr><th scope="row"><?php esc_html_e( 'Last sync', 'retention-for-woocommerce' ); ?></th><td><?php echo esc_html( wp_date( get_option( 'date_format' ) . ' ' . get_option( 'time_format' ), (int) strtotime( (string) $status['last_sync_at'] ) ) ); ?></td></tr>
					<?php endif; ?>
					<?php if ( is_array( $status ) && isset( $status['webhooks'] ) ) : ?>
						<tr><th scope="row"><?php esc_html_e( 'Webhooks', 'retention-for-woocommerce' ); ?></th><td><?php echo esc_html( 'ok' === $status['webhooks'] ? __( 'Working', 'retention-for-woocommerce' ) : sanitize_text_field( (string) $status['webhooks'] ) ); ?></td></tr>
					<?php endif; ?>
					<?php if ( is_array( $status ) && isset( $status['orders'], $status['customers'] ) ) : ?>
						<tr><th scope="row"><?php esc_html_e( 'Synced', 'retention-for-woocommerce' ); ?></th><td>
							<?php
							echo esc_html(
								sprintf(
									/* translators: 1: number of orders, 2: number of customers. */
									__( '%1$s orders, %2$s customers', 'retention-for-woocommerce' ),
									number_format_i18n( (int) $status['orders'] ),
									number_format_i18n( (int) $status['customers'] )
								)
							);
							?>
						</td></tr>
					<?php endif; ?>
					<?php if ( $conn['last_error'] ) : ?>
						<tr><th scope="row"><?php esc_html_e( 'Last error', 'retention-for-woocommerce' ); ?></th><td class="retention-error"><?php echo esc_html( $conn['last_error'] ); ?></td></tr>
					<?php endif; ?>
				</tbody>
			</table>

			<p class="retention-actions">
				<?php
				if ( '' !== $app ) {
					self::action_button( 'connect', $connected ? __( 'Reconnect', 'retention-for-woocommerce' ) : __( 'Connect', 'retention-for-woocommerce' ), $connected ? 'secondary' : 'primary' );
				}
				if ( $connected ) {
					self::action_button( 'dashboard', __( 'Open dashboard', 'retention-for-woocommerce' ), 'primary', true );
					self::action_button( 'disconnect', __( 'Disconnect', 'retention-for-woocommerce' ), 'secondary' );
				}
				?>
			</p>
			<?php if ( '' === $app ) : ?>
				<p><?php esc_html_e( 'Enter the app URL and save to connect your store.', 'retention-for-woocommerce' ); ?></p>
			<?php endif; ?>
		</div>
		<?php
	}

	/**
	 * One action as its own small form: a POST with its own nonce.
	 *
	 * @param string $action  One of self::ACTIONS.
	 * @param string $label   Button text.
	 * @param string $type    primary or secondary.
	 * @param bool   $new_tab Open the result in a new tab (the app's dashboard).
	 */
	private static function action_button( string $action, string $label, string $type, bool $new_tab = false ): void {
		?>
		<form method="post" action="<?php echo esc_url( admin_url( 'admin-post.php' ) ); ?>" style="display:inline-block;margin-right:8px"<?php echo $new_tab ? ' target="_blank"' : ''; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- a fixed attribute. ?>>
			<input type="hidden" name="action" value="<?php echo esc_attr( 'retention_' . $action ); ?>" />
			<?php wp_nonce_field( 'retention_' . $action, '_wpnonce', false ); ?>
			<?php submit_button( $label, $type, 'submit', false, array( 'id' => 'retention-' . $action ) ); ?>
		</form>
		<?php
	}

	/**
	 * A notice for the outcome of the last action (fixed texts; nothing from the URL is shown).
	 *
	 * @param string $code The notice code.
	 */
	private static function render_notice( string $code ): void {
		$notices = array(
			'saved'             => array( 'success', __( 'Settings saved.', 'retention-for-woocommerce' ) ),
			'invalid_url'       => array( 'error', __( 'The app URL must be an https address without a query string.', 'retention-for-woocommerce' ) ),
			'no_app'            => array( 'error', __( 'Enter the app URL first.', 'retention-for-woocommerce' ) ),
			'connect_failed'    => array( 'error', __( 'The connection could not be started. See the last error below.', 'retention-for-woocommerce' ) ),
			'bad_authorize'     => array( 'error', __( 'The app sent an approval address outside this store; the connection was not started.', 'retention-for-woocommerce' ) ),
			'approved'          => array( 'success', __( 'WooCommerce approved the connection. The app is checking it now.', 'retention-for-woocommerce' ) ),
			'denied'            => array( 'warning', __( 'The connection was not approved.', 'retention-for-woocommerce' ) ),
			'disconnected'      => array( 'success', __( 'Disconnected. The app no longer syncs this store.', 'retention-for-woocommerce' ) ),
			'disconnect_failed' => array( 'error', __( 'The app could not be told to disconnect. See the last error below.', 'retention-for-woocommerce' ) ),
			'not_connected'     => array( 'error', __( 'Connect the store first.', 'retention-for-woocommerce' ) ),
		);
		if ( ! isset( $notices[ $code ] ) ) {
			return;
		}
		printf( '<div class="notice notice-%1$s" data-retention-notice="%2$s"><p>%3$s</p></div>', esc_attr( $notices[ $code ][0] ), esc_attr( $code ), esc_html( $notices[ $code ][1] ) );
	}

	/**
	 * A connection status in words.
	 *
	 * @param string $status disconnected, pending or connected.
	 */
	private static function state_label( string $status ): string {
		switch ( $status ) {
			case 'connected':
				return __( 'Connected', 'retention-for-woocommerce' );
			case 'pending':
				return __( 'Waiting for approval', 'retention-for-woocommerce' );
			default:
				return __( 'Not connected', 'retention-for-woocommerce' );
		}
	}

	/**
	 * C3: asks the app for the connection's state and stores what it says.
	 *
	 * @return array<string, mixed>|null The app's answer, or null when it could not be asked.
	 */
	private static function refresh_status(): ?array {
		$client = Retention_App_Client::from_options();
		if ( ! $client ) {
			return null;
		}
		$status = $client->status( get_current_user_id() );
		if ( is_wp_error( $status ) && 404 === ( $status->get_error_data()['status'] ?? null ) ) {
			// The app does not know this store (yet): simply not connected.
			$status = array( 'connected' => false );
		}
		if ( is_wp_error( $status ) ) {
			Retention_Options::update_connection( array( 'last_error' => $status->get_error_message() ) );
			return null;
		}
		$shop_id = isset( $status['shop_id'] ) && is_scalar( $status['shop_id'] ) ? sanitize_text_field( (string) $status['shop_id'] ) : '';
		if ( ! empty( $status['connected'] ) && '' !== $shop_id ) {
			$was_connected = Retention_Options::is_connected();
			update_option( Retention_Options::SHOP_ID, $shop_id, true );
			$conn = Retention_Options::connection();
			Retention_Options::update_connection(
				array(
					'status'       => 'connected',
					'connected_at' => $conn['connected_at'] ?? time(),
					'last_error'   => null,
				)
			);
			if ( ! $was_connected ) {
				Retention_Lifecycle::refresh_settings();
			}
		} else {
			$conn = Retention_Options::connection();
			Retention_Options::update_connection(
				array(
					'status'       => 'pending' === $conn['status'] ? 'pending' : 'disconnected',
					'connected_at' => null,
					'last_error'   => null,
				)
			);
		}
		return $status;
	}

	/**
	 * Capability first, then the action's nonce; dies with 403 otherwise.
	 *
	 * @param string $action One of self::ACTIONS.
	 */
	private static function guard( string $action ): void {
		if ( ! current_user_can( self::CAPABILITY ) ) {
			wp_die( esc_html__( 'Sorry, you are not allowed to manage Retention.', 'retention-for-woocommerce' ), '', array( 'response' => 403 ) );
		}
		check_admin_referer( 'retention_' . $action );
	}

	/**
	 * Back to the Retention page with a notice.
	 *
	 * @param string $notice Notice code.
	 */
	private static function back( string $notice ): void {
		wp_safe_redirect( self::page_url( array( 'retention_notice' => $notice ) ) );
		exit;
	}

	/** Save: the app URL; then the storefront settings are fetched again. */
	public static function handle_save(): void {
		self::guard( 'save' );
		if ( ! Retention_Options::app_url_is_constant() ) {
			// phpcs:ignore WordPress.Security.NonceVerification.Missing -- guard() checked the nonce.
			$raw = isset( $_POST['retention_app_url'] ) ? sanitize_text_field( wp_unslash( $_POST['retention_app_url'] ) ) : '';
			if ( '' === $raw ) {
				update_option( Retention_Options::APP_URL, '', false );
				self::back( 'saved' );
			}
			$url = Retention_Options::normalize_app_url( $raw );
			if ( null === $url ) {
				self::back( 'invalid_url' );
			}
			if ( Retention_Options::app_url() !== $url ) {
				// Another app: whatever the old one said about this store no longer holds.
				update_option( Retention_Options::APP_URL, $url, false );
				delete_option( Retention_Options::SHOP_ID );
				Retention_Options::update_connection( array( 'status' => 'disconnected', 'connected_at' => null ) );
			}
		}
		Retention_Lifecycle::refresh_settings();
		self::back( 'saved' );
	}

	/**
	 * Connect (C1): the app answers with WooCommerce's approval address on this store; the browser
	 * goes there only if it really is this store's /wc-auth/v1/authorize.
	 */
	public static function handle_connect(): void {
		self::guard( 'connect' );
		$client = Retention_App_Client::from_options();
		if ( ! $client ) {
			self::back( 'no_app' );
		}
		$answer = $client->start_connect( get_current_user_id() );
		if ( is_wp_error( $answer ) ) {
			Retention_Options::update_connection( array( 'last_error' => $answer->get_error_message() ) );
			self::back( 'connect_failed' );
		}
		$authorize = isset( $answer['authorize_url'] ) && is_string( $answer['authorize_url'] ) ? $answer['authorize_url'] : '';
		if ( ! self::is_own_authorize_url( $authorize ) ) {
			Retention_Options::update_connection( array( 'last_error' => __( 'The app sent an approval address outside this store.', 'retention-for-woocommerce' ) ) );
			self::back( 'bad_authorize' );
		}
		Retention_Options::update_connection(
			array(
				'status'     => 'connected' === Retention_Options::connection()['status'] ? 'connected' : 'pending',
				'last_error' => null,
			)
		);
		wp_redirect( $authorize ); // phpcs:ignore WordPress.Security.SafeRedirect.wp_redirect_wp_redirect -- checked to be this store's own wc-auth address just above.
		exit;
	}

	/**
	 * Whether a URL is this store's WooCommerce approval page: home_url() . '/wc-auth/v1/authorize'
	 * (with or without a trailing slash) followed by its query string, and nothing else.
	 *
	 * @param string $url The app's authorize_url.
	 */
	public static function is_own_authorize_url( string $url ): bool {
		$prefix = untrailingslashit( home_url() ) . '/wc-auth/v1/authorize';
		if ( ! str_starts_with( $url, $prefix ) || preg_match( '/[\s\\\\]/', $url ) ) {
			return false;
		}
		$rest = substr( $url, strlen( $prefix ) );
		return str_starts_with( $rest, '?' ) || str_starts_with( $rest, '/?' );
	}

	/** Disconnect (C4). */
	public static function handle_disconnect(): void {
		self::guard( 'disconnect' );
		$client = Retention_App_Client::from_options();
		$answer = $client ? $client->disconnect( 'disconnect', get_current_user_id() ) : new \WP_Error( 'retention_no_app', __( 'No app URL is set.', 'retention-for-woocommerce' ) );
		if ( is_wp_error( $answer ) ) {
			Retention_Options::update_connection( array( 'last_error' => $answer->get_error_message() ) );
			self::back( 'disconnect_failed' );
		}
		Retention_Options::update_connection(
			array(
				'status'       => 'disconnected',
				'connected_at' => null,
				'last_error'   => null,
			)
		);
		self::back( 'disconnected' );
	}

	/** Open dashboard (O): a 60-second signed token for this store and this user, in a new tab. */
	public static function handle_dashboard(): void {
		self::guard( 'dashboard' );
		if ( ! Retention_Options::is_connected() ) {
			self::back( 'not_connected' );
		}
		$signer = new Retention_Signer( Retention_Options::secret() );
		$token  = $signer->dashboard_token( Retention_Options::shop_id(), wp_get_current_user() );
		nocache_headers();
		header( 'Referrer-Policy: no-referrer' );
		wp_redirect( Retention_Options::app_url() . '/woocommerce/sso?token=' . rawurlencode( $token ) ); // phpcs:ignore WordPress.Security.SafeRedirect.wp_redirect_wp_redirect -- the configured app, never a user-supplied address.
		exit;
	}
}
