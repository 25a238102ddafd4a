export {
  criticalIssuesNotification,
  notificationKinds,
  optimizationNotification,
  predictionsNotification,
  resolvedNotification,
  type Notification,
  type NotificationItem,
  type NotificationKind,
  type NotificationSeverity,
  type OptimizationSummary,
} from './notification'
export {
  classifyDeliveryError,
  deliveryErrorCode,
  deliveryFailure,
  maskUrl,
  notifierDefaults,
  type DeliveryError,
  type DeliveryFailureOptions,
  type Notifier,
} from './notifier'
export { createSlackNotifier, slackNotifierDefaults, type SlackNotifierOptions } from './slack-notifier'
export {
  createEmailNotifier,
  emailNotifierDefaults,
  parseRecipients,
  type EmailNotifier,
  type EmailNotifierOptions,
} from './email-notifier'
export {
  createWebhookNotifier,
  signWebhookBody,
  webhookHeaders,
  webhookNotifierDefaults,
  type WebhookNotifierOptions,
} from './webhook-notifier'
export {
  consoleNotifierDefaults,
  createConsoleNotifier,
  type ConsoleNotifierOptions,
} from './console-notifier'
export { parseSmtpUrl, type SmtpSettings } from './smtp-url'
export { renderText } from './render-text'
export { renderHtml, escapeHtml } from './render-html'
export { renderSlack, escapeSlack, slackLimits, type SlackBlock, type SlackMessage } from './render-slack'
export { parseRetryAfter } from './http-delivery'
