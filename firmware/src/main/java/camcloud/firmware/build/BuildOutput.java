package camcloud.firmware.build;

import camcloud.firmware.bundle.BundleManifest;
import camcloud.firmware.bundle.BundleVerifier;
import camcloud.firmware.bundle.BundleWriter;
import camcloud.firmware.bundle.SigningKey;
import camcloud.firmware.bundle.TrustStore;
import camcloud.firmware.model.CameraModel;
import camcloud.firmware.model.CameraModels;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds one or more models into an output directory, all or nothing: everything is written and
 * self-verified in a hidden staging directory inside {@code outDir}, and only when every model
 * succeeded are the files moved to their final names. A failure leaves no file that looks finished.
 *
 * <pre>
 * OUT/&lt;model&gt;/&lt;model&gt;-&lt;version&gt;.flash.bin   full chip image
 * OUT/&lt;model&gt;/&lt;model&gt;-&lt;version&gt;.bundle      signed update bundle (kernel, app)
 * </pre>
 */
public final class BuildOutput {

    /** What was written for one model. */
    public record Result(CameraModel model, Path flashImage, Path bundle, BundleManifest manifest) {
    }

    private BuildOutput() {
    }

    public static String flashFileName(CameraModel model, String version) {
        return model.id() + "-" + version + ".flash.bin";
    }

    public static String bundleFileName(CameraModel model, String version) {
        return model.id() + "-" + version + ".bundle";
    }

    /**
     * @throws camcloud.firmware.image.ImageException   if an input does not fit a model
     * @throws camcloud.firmware.bundle.BundleException if the bundle fails its own verification
     * @throws IOException                              if the output cannot be written
     */
    public static List<Result> write(List<CameraModel> models, BuildRequest request, SigningKey key, Path outDir)
            throws IOException {
        Files.createDirectories(outDir);
        Path staging = Files.createTempDirectory(outDir, ".camcloud-build-");
        try {
            List<Result> staged = new ArrayList<>();
            for (CameraModel model : models) {
                staged.add(stage(model, request, key, staging));
            }
            List<Result> done = new ArrayList<>();
            for (Result r : staged) {
                Path dir = Files.createDirectories(outDir.resolve(r.model().id()));
                Path flash = move(r.flashImage(), dir);
                Path bundle = move(r.bundle(), dir);
                done.add(new Result(r.model(), flash, bundle, r.manifest()));
            }
            return done;
        } finally {
            deleteTree(staging);
        }
    }

    private static Result stage(CameraModel model, BuildRequest request, SigningKey key, Path staging)
            throws IOException {
        Firmware firmware = FirmwareBuilder.build(model, request);
        String version = request.version().text();
        Path dir = Files.createDirectories(staging.resolve(model.id()));
        Path flash = dir.resolve(flashFileName(model, version));
        Files.write(flash, firmware.flashImage());
        List<BundleWriter.Content> parts = List.of(
                new BundleWriter.Content("kernel", "kernel", firmware.kernelUImage()),
                new BundleWriter.Content("app", "app", firmware.app()));
        BundleManifest manifest = BundleWriter.manifest(model.id(), request.version(), request.minVersionNumber(),
                key, parts);
        Path bundle = dir.resolve(bundleFileName(model, version));
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(bundle))) {
            BundleWriter.write(out, manifest, key, parts);
        }
        BundleVerifier.verify(bundle, TrustStore.of(key.trustedKey()), CameraModels.of(List.of(model)));
        return new Result(model, flash, bundle, manifest);
    }

    private static Path move(Path file, Path dir) throws IOException {
        Path target = dir.resolve(file.getFileName());
        return Files.move(file, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // Best effort: a leftover hidden staging directory holds nothing that looks finished,
            // and throwing here would hide the build's own error.
        }
    }
}
