// Admin GraphQL documents for the app's web pixel (extensions/retention-pixel): its settings
// are the ad-network ids, sent as a JSON string matching the extension's declared fields.
export const WEB_PIXEL_CREATE = `#graphql
  mutation RetentionWebPixelCreate($webPixel: WebPixelInput!) {
    webPixelCreate(webPixel: $webPixel) {
      webPixel {
        id
        settings
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

export const WEB_PIXEL_UPDATE = `#graphql
  mutation RetentionWebPixelUpdate($id: ID!, $webPixel: WebPixelInput!) {
    webPixelUpdate(id: $id, webPixel: $webPixel) {
      webPixel {
        id
        settings
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

/** The app's pixel on this shop (one per app), to recover its id if ours was lost. */
export const WEB_PIXEL_QUERY = `#graphql
  query RetentionWebPixel {
    webPixel {
      id
    }
  }
`;

export interface WebPixelPayload {
  webPixel: { id: string; settings: unknown } | null;
  userErrors: { field: string[] | null; message: string; code: string | null }[];
}
