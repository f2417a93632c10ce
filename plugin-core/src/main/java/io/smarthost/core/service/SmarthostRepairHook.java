package io.smarthost.core.service;

import io.smarthost.panel.api.RepairHook;
import io.smarthost.panel.api.services.HostServices;
import java.util.ArrayList;
import java.util.List;
import org.pf4j.Extension;

/** {@code panel bin repair}: renders and applies every relay from the store again. */
@Extension
public class SmarthostRepairHook implements RepairHook {
    private final HostServices host;

    public SmarthostRepairHook(HostServices host) {
        this.host = host;
    }

    @Override
    public String id() {
        return "smarthost";
    }

    @Override
    public Result repair() {
        SmarthostService service = SmarthostRuntime.service(host);
        if (service.backendName().isEmpty()) {
            return new Result(false, List.of("smarthost: nothing applied: "
                    + service.backendProblem().orElse("no mail server backend")));
        }
        try {
            UpdateResult result = service.repair();
            List<String> messages = new ArrayList<>();
            messages.add("smarthost: " + service.backendName().get() + (result.report().changed()
                    ? " configuration re-applied" : " configuration already up to date"));
            result.report().steps().forEach(s -> messages.add("  " + s));
            result.report().warningTexts().forEach(w -> messages.add("  warning: " + w));
            return new Result(true, messages);
        } catch (RelayApplyException e) {
            return new Result(false, List.of("smarthost: " + e.step() + " failed: " + e.reason()));
        }
    }
}
