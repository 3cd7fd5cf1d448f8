import type { Api } from "./api";
import type { I18n } from "./i18n";

export interface Ctx extends I18n {
  api: Api;
  registerUrl: string;
  loginUrl: string;
}
