/**
 * The Web Chat settings as the page and its Direct Line endpoint use them. They are parsed with the
 * rest of the configuration (src/config/webchat-settings.ts): the channels read the configuration,
 * the configuration knows nothing of the channels.
 */
export { DEFAULT_WEBCHAT_CONFIG, loadWebChatConfig, type WebChatConfig } from '../../config/webchat-settings';
