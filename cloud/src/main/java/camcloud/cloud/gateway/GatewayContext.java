package camcloud.cloud.gateway;

import camcloud.cloud.control.CameraSettings;
import camcloud.cloud.device.DeviceStore;
import camcloud.cloud.device.Presence;
import camcloud.cloud.event.EventService;
import camcloud.cloud.firmware.FirmwareService;
import camcloud.cloud.ingest.IngestServices;
import camcloud.cloud.pki.PlatformCa;
import java.util.concurrent.Executor;

/**
 * What every session handler of the gateway shares. {@code blocking} runs database work off the event
 * loops; {@code media} is where cameras' video goes; {@code operatorToken} authorises factory
 * provisioning and never appears in a log; {@code firmware} answers cameras' firmware checks (null on a
 * node without an update service: cameras are told there is nothing to install); {@code stats} counts
 * what happened to strangers; {@code events} stores what cameras report (null on a node without an
 * event store: event frames are skipped, unacknowledged);
 * {@code control} gives a camera its owner's settings in Welcome and
 * records the state it reports (null on a node without it: Welcome carries no settings).
 */
record GatewayContext(
        GatewaySettings settings,
        DeviceStore devices,
        Presence presence,
        PlatformCa ca,
        String operatorToken,
        Executor blocking,
        IngestServices media,
        FirmwareService firmware,
        GatewayStats stats,
        EventService events,
        CameraSettings control) {

    @Override
    public String toString() {
        return "GatewayContext(" + settings + ")"; // never print the operator token
    }
}
