package dev.berth.orchestrate;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.common.BerthException;
import dev.berth.compose.Deploy;
import dev.berth.compose.Keyword;
import dev.berth.compose.Service;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code service update} changes, as Docker's flags name it; a null or empty field leaves that part of the
 * service as it is. Only what replicas are made from rolls them: a new update config or replica count alone does not.
 *
 * @param envAdd   {@code KEY=VALUE}, replacing the variable if the service has it
 * @param envRm    variable names
 * @param labelAdd container labels, {@code KEY=VALUE}
 * @param labelRm  container label keys
 */
public record ServiceUpdate(@JsonProperty("Image") String image,
                            @JsonProperty("Replicas") Integer replicas,
                            @JsonProperty("EnvAdd") List<String> envAdd,
                            @JsonProperty("EnvRm") List<String> envRm,
                            @JsonProperty("ContainerLabelAdd") List<String> labelAdd,
                            @JsonProperty("ContainerLabelRm") List<String> labelRm,
                            @JsonProperty("LimitNanoCpus") Long limitNanoCpus,
                            @JsonProperty("LimitMemoryBytes") Long limitMemoryBytes,
                            @JsonProperty("UpdateParallelism") Integer updateParallelism,
                            @JsonProperty("UpdateDelayNanos") Long updateDelayNanos,
                            @JsonProperty("UpdateOrder") String updateOrder,
                            @JsonProperty("UpdateFailureAction") String updateFailureAction) {
    public ServiceUpdate {
        envAdd = envAdd == null ? List.of() : List.copyOf(envAdd);
        envRm = envRm == null ? List.of() : List.copyOf(envRm);
        labelAdd = labelAdd == null ? List.of() : List.copyOf(labelAdd);
        labelRm = labelRm == null ? List.of() : List.copyOf(labelRm);
        if (image != null && image.isBlank()) {
            throw BerthException.invalid("--image must name an image");
        }
        if (replicas != null && replicas < 0) {
            throw BerthException.invalid("invalid replicas value " + replicas + ": want 0 or more");
        }
        envAdd.forEach(e -> pair(e, "--env-add"));
        labelAdd.forEach(l -> pair(l, "--container-label-add"));
        for (Long n : new Long[] {limitNanoCpus, limitMemoryBytes, updateDelayNanos}) {
            if (n != null && n < 0) {
                throw BerthException.invalid("limits and delays must not be negative, got " + n);
            }
        }
        if (updateParallelism != null && updateParallelism < 0) {
            throw BerthException.invalid("--update-parallelism must not be negative, got " + updateParallelism);
        }
        if (updateOrder != null) {
            Keyword.parse(Deploy.Order.class, updateOrder, "--update-order");
        }
        if (updateFailureAction != null) {
            Keyword.parse(Deploy.FailureAction.class, updateFailureAction, "--update-failure-action");
        }
    }

    /** The service with these changes applied. */
    public Service applyTo(Service s) {
        Service.Builder b = s.toBuilder();
        if (image != null) {
            b.image(image);
        }
        b.environment(edited(s.environment(), envAdd, envRm));
        b.labels(edited(s.labels(), labelAdd, labelRm));
        Deploy d = s.deploy();
        Deploy.Limits l = d.resources().limits();
        Deploy.Limits limits = new Deploy.Limits(limitNanoCpus == null ? l.nanoCpus() : limitNanoCpus,
                limitMemoryBytes == null ? l.memoryBytes() : limitMemoryBytes, l.pids());
        Deploy.UpdateConfig u = d.updateConfig();
        Deploy.UpdateConfig update = new Deploy.UpdateConfig(updateParallelism == null ? u.parallelism() : updateParallelism,
                updateDelayNanos == null ? u.delay() : Duration.ofNanos(updateDelayNanos),
                updateFailureAction == null ? u.failureAction() : Keyword.parse(Deploy.FailureAction.class, updateFailureAction, ""),
                u.monitor(), u.maxFailureRatio(), updateOrder == null ? u.order() : Keyword.parse(Deploy.Order.class, updateOrder, ""));
        return b.deploy(new Deploy(d.replicas(), new Deploy.Resources(limits, d.resources().reservations()), d.restartPolicy(), update,
                d.rollbackConfig(), d.labels())).build();
    }

    private static Map<String, String> edited(Map<String, String> current, List<String> add, List<String> remove) {
        Map<String, String> out = new LinkedHashMap<>(current);
        remove.forEach(out::remove);
        for (String a : add) {
            String[] kv = pair(a, "");
            out.put(kv[0], kv[1]);
        }
        return out;
    }

    private static String[] pair(String text, String flag) {
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw BerthException.invalid("invalid argument \"" + text + "\" for " + flag + ": want KEY=VALUE");
        }
        return new String[] {text.substring(0, eq), text.substring(eq + 1)};
    }
}
