package dev.xiqauth.server.config;

import dev.xiqauth.server.error.IoFailures;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Where a setting not given as a flag comes from, in order: the environment variable
 * {@code XIQ_AUTH_<NAME>}, then the key {@code <name>} of the optional config file (a properties
 * file named by {@code --config} or {@code XIQ_AUTH_CONFIG}), then the option's own default. A flag
 * on the command line beats all three. {@code <name>} is the flag without its dashes:
 * {@code --rate-limit-hour} is {@code XIQ_AUTH_RATE_LIMIT_HOUR} and {@code rate-limit-hour}.
 */
public final class ConfigSources implements IDefaultValueProvider {
    /** The flag, and the environment variable, naming the config file. */
    public static final String CONFIG_FLAG = "--config";
    public static final String CONFIG_VARIABLE = "XIQ_AUTH_CONFIG";
    private static final String PREFIX = "XIQ_AUTH_";

    private final Map<String, String> environment;
    private final Map<String, String> file;
    private final Optional<Path> filePath;
    private final Map<String, String> origins = new HashMap<>();
    private Set<String> settingNames = Set.of();

    private ConfigSources(Map<String, String> environment, Map<String, String> file, Optional<Path> filePath) {
        this.environment = Map.copyOf(environment);
        this.file = Map.copyOf(file);
        this.filePath = filePath;
    }

    /** @return no source but the options' defaults: for tests and tools */
    public static ConfigSources none() {
        return new ConfigSources(Map.of(), Map.of(), Optional.empty());
    }

    /**
     * @param args the command line, searched for {@code --config FILE} or {@code --config=FILE}
     * @param environment the process's environment
     * @return the environment and the config file it names, if any
     * @throws IllegalArgumentException if the config file cannot be read
     */
    public static ConfigSources load(List<String> args, Map<String, String> environment) {
        Optional<Path> path = configFileArgument(args).or(() -> Optional.ofNullable(environment.get(CONFIG_VARIABLE))
                .filter(value -> !value.isBlank())).map(Path::of);
        Map<String, String> file = new HashMap<>();
        if (path.isPresent()) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(path.get(), StandardCharsets.UTF_8)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the config file " + path.get() + ": "
                        + IoFailures.reason(e), e);
            } catch (IllegalArgumentException e) { // a malformed Unicode escape
                throw new IllegalArgumentException("the config file " + path.get() + " is not a properties file: "
                        + e.getMessage(), e);
            }
            properties.stringPropertyNames().forEach(key -> file.put(key, properties.getProperty(key).strip()));
        }
        return new ConfigSources(environment, file, path);
    }

    private static Optional<String> configFileArgument(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--")) {
                break;
            }
            if (arg.equals(CONFIG_FLAG) && i + 1 < args.size()) {
                return Optional.of(args.get(i + 1));
            }
            if (arg.startsWith(CONFIG_FLAG + "=")) {
                return Optional.of(arg.substring(CONFIG_FLAG.length() + 1));
            }
        }
        return Optional.empty();
    }

    /**
     * Names the settings: the server's flags, which the environment and the config file may set,
     * wherever they appear (the admin commands share the store and hashing flags). A config file
     * naming anything else is refused: a typo must not silently leave a setting at its default.
     *
     * @param settingNames the names of the server's settings
     * @throws IllegalArgumentException naming the first unknown key of the config file
     */
    public void acceptSettings(Set<String> settingNames) {
        this.settingNames = Set.copyOf(settingNames);
        Set<String> unknown = new TreeSet<>(file.keySet());
        unknown.removeAll(settingNames);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown setting '" + unknown.iterator().next() + "' in the config file "
                    + filePath.map(Path::toString).orElse("") + "; the settings are the long flags without their dashes");
        }
    }

    /** @return the name a flag has in a config file, or empty if the flag cannot be set there */
    public static Optional<String> settingName(OptionSpec option) {
        if (option.usageHelp() || option.versionHelp() || option.longestName().equals(CONFIG_FLAG)
                || !option.longestName().startsWith("--")) {
            return Optional.empty();
        }
        return Optional.of(option.longestName().substring(2));
    }

    @Override
    public String defaultValue(ArgSpec argument) {
        if (!(argument instanceof OptionSpec option)) {
            return null;
        }
        Optional<String> name = settingName(option);
        if (name.isEmpty() || !settingNames.contains(name.get())) {
            return null;
        }
        String variable = PREFIX + name.get().toUpperCase(Locale.ROOT).replace('-', '_');
        String fromEnvironment = environment.get(variable);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            origins.put(option.longestName(), "environment variable " + variable);
            return fromEnvironment;
        }
        String fromFile = file.get(name.get());
        if (fromFile != null) {
            origins.put(option.longestName(), "config file " + filePath.map(Path::toString).orElse("") + ", key "
                    + name.get());
            return fromFile;
        }
        return null;
    }

    /**
     * @param option an option
     * @return where its value came from, when not from the command line or its default
     */
    public Optional<String> originOf(OptionSpec option) {
        return Optional.ofNullable(origins.get(option.longestName()));
    }
}
