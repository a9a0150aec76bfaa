package camcloud.cli.camera;

import camcloud.device.agent.AgentSettings;
import camcloud.device.camera.VirtualCamera;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code camcloud camera --flash FILE}: power on a virtual camera; it dials its cloud and stays connected. */
@Command(name = "camera", mixinStandardHelpOptions = true,
        description = "Power on a virtual camera from its flash file (it dials out; it listens on no port).",
        subcommands = ProvisionCommand.class)
public final class CameraCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    // Not 'required' in picocli's sense: 'camera provision' has its own --flash.
    @Option(names = "--flash", paramLabel = "FILE", description = "The camera's flash file")
    Path flash;

    @Override
    public Integer call() throws Exception {
        if (flash == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--flash=FILE'");
        }
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        VirtualCamera camera = VirtualCamera.powerOn(flash, group,
                AgentSettings.defaults(VirtualCamera.FACTORY_FIRMWARE));
        CountDownLatch off = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                camera.close();
            } catch (Exception ignored) {
                // powering off anyway
            }
            group.shutdownGracefully();
            off.countDown();
        }, "power-off"));
        System.out.println("camera " + camera.serial() + " (" + camera.identity().model() + ") powered on, dialling "
                + camera.config().cloudAddress() + "; stop with Ctrl-C");
        off.await();
        return 0;
    }
}
