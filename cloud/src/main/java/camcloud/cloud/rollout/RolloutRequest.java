package camcloud.cloud.rollout;

import java.util.List;

/**
 * What an operator asks for: a model's version, which of its cameras (all, or those on one of
 * {@code fromVersions}, carrying every one of {@code tags}, or exactly {@code cameras}), in which
 * waves, with which settings; {@code start} false leaves it a draft.
 *
 * @param fromVersions empty: any version below the new one
 * @param tags         empty: any camera
 * @param cameras      null: every camera of the model that matches; otherwise exactly these
 */
public record RolloutRequest(String model, String version, List<String> fromVersions, List<String> tags,
                             List<String> cameras, List<WaveSpec> waves, RolloutSettings settings, boolean start) {

    public RolloutRequest {
        fromVersions = List.copyOf(fromVersions);
        tags = List.copyOf(tags);
        cameras = cameras == null ? null : List.copyOf(cameras);
        waves = List.copyOf(waves);
    }
}
