package camcloud.firmware.model;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A set of camera models: the ones shipped in the repository ({@link #builtIn()}, one
 * {@code <id>.properties} per model under {@code camcloud/firmware/models/}, listed in that
 * folder's {@code index.txt} because a jar cannot list a folder), or the files of a directory
 * ({@link #load(Path)}) for models not yet in the repository.
 */
public final class CameraModels {

    /** Classpath folder of the built-in model files. */
    public static final String RESOURCE_DIR = "camcloud/firmware/models/";

    private static volatile CameraModels builtIn;

    private final List<CameraModel> models;

    private CameraModels(List<CameraModel> models) {
        List<CameraModel> sorted = new ArrayList<>(models);
        sorted.sort(Comparator.comparing(CameraModel::id));
        Set<String> seen = new HashSet<>();
        for (CameraModel m : sorted) {
            if (!seen.add(m.id())) {
                throw new ModelFormatException("model id '" + m.id() + "' is defined twice");
            }
        }
        this.models = List.copyOf(sorted);
    }

    /** The models shipped in the repository; loaded once. */
    public static CameraModels builtIn() {
        CameraModels result = builtIn;
        if (result == null) {
            synchronized (CameraModels.class) {
                result = builtIn;
                if (result == null) {
                    result = loadBuiltIn();
                    builtIn = result;
                }
            }
        }
        return result;
    }

    /** The given models (tests, or models assembled by other code). */
    public static CameraModels of(List<CameraModel> models) {
        return new CameraModels(models);
    }

    /**
     * Every {@code *.properties} file of {@code dir}.
     *
     * @throws ModelFormatException naming the file and key of the first bad model file
     */
    public static CameraModels load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ModelFormatException("model directory " + dir + ": no such directory");
        }
        List<CameraModel> models = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.properties")) {
            for (Path file : files) {
                try (InputStream in = Files.newInputStream(file)) {
                    models.add(ModelFile.read(file.toString(), in));
                }
            }
        } catch (IOException e) {
            throw new ModelFormatException("cannot read model files in " + dir + ": " + e.getMessage(), e);
        }
        return new CameraModels(models);
    }

    /** Reads one model file. */
    public static CameraModel read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ModelFormatException("model file " + file + ": no such file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return ModelFile.read(file.toString(), in);
        } catch (IOException e) {
            throw new ModelFormatException("cannot read model file " + file + ": " + e.getMessage(), e);
        }
    }

    private static CameraModels loadBuiltIn() {
        ClassLoader loader = CameraModels.class.getClassLoader();
        List<CameraModel> models = new ArrayList<>();
        for (String id : builtInIds(loader)) {
            String resource = RESOURCE_DIR + id + ".properties";
            try (InputStream in = loader.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new ModelFormatException(RESOURCE_DIR + "index.txt lists '" + id + "' but " + resource
                            + " is missing");
                }
                models.add(ModelFile.read(resource, in));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new CameraModels(models);
    }

    private static List<String> builtInIds(ClassLoader loader) {
        String index = RESOURCE_DIR + "index.txt";
        try (InputStream in = loader.getResourceAsStream(index)) {
            if (in == null) {
                throw new ModelFormatException(index + " is missing from the classpath");
            }
            List<String> ids = new ArrayList<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String id = line.strip();
                if (!id.isEmpty() && !id.startsWith("#")) {
                    ids.add(id);
                }
            }
            return ids;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** All models, sorted by id. */
    public List<CameraModel> all() {
        return models;
    }

    /** Model ids, sorted. */
    public List<String> ids() {
        return models.stream().map(CameraModel::id).toList();
    }

    public Optional<CameraModel> find(String id) {
        return models.stream().filter(m -> m.id().equals(id)).findFirst();
    }

    /**
     * The model with this id.
     *
     * @throws UnknownModelException listing the known ids
     */
    public CameraModel require(String id) {
        return find(id).orElseThrow(() -> new UnknownModelException(id, ids()));
    }
}
