// The original module's usage example, as written there, against the package's public entry points.
import { AnalyticsChannelType, AnalyticsEventType, createAnalyticsEvent, validateAnalyticsEvent, type AnalyticsEvent } from "analytics-schemas/analytics";
import { MLFramework, MLModelType, createMLModel, type MLModel } from "analytics-schemas/ml";
import * as root from "analytics-schemas";

const tenant_id = "tnt_acme0001";

const event: AnalyticsEvent = createAnalyticsEvent({
  metadata: { tenant_id, source: AnalyticsChannelType.WEB_APP },
  event_type: AnalyticsEventType.USER_ACTION,
  event_name: "track_play",
  properties: { track_id: "12345" },
});

const model: MLModel = createMLModel({
  name: "music_recommender_v2",
  framework: MLFramework.TENSORFLOW,
  model_type: MLModelType.RECOMMENDATION,
});

const fromRoot: AnalyticsEvent = root.createAnalyticsEvent({
  metadata: { tenant_id, source: root.AnalyticsChannelType.IOS_APP, device: { os: "IOS", model: "iPhone17,3" } },
  event_type: root.AnalyticsEventType.PLAYBACK,
  event_name: "track_play",
  properties: { track_id: "12345" },
});

let rejected = "";
try {
  createMLModel({ name: "Not Snake Case", framework: MLFramework.PYTORCH, model_type: MLModelType.RANKING });
} catch (error) {
  rejected = (error as Error).message;
}

process.stdout.write(
  JSON.stringify({ event, model, fromRoot, eventValid: validateAnalyticsEvent(event), modelValid: root.validateMLModel(model), rejected }) + "\n",
);
