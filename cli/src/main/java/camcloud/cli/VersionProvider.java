package camcloud.cli;

import picocli.CommandLine;

/** Reports the version Maven stamped into the jar manifest (or "dev" when run from classes). */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {"camcloud " + (version == null ? "dev" : version)};
    }
}
