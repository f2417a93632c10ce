package io.smarthost.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The project's modules and the one root package each owns. The rules name a module by its package;
 * {@link ModulesKeepToTheirOwnPackageTest} keeps that true, so no class escapes the rules by sitting in
 * another module's package or in a package of its own.
 */
enum Module {
    PANEL_API("panel-api", "io.smarthost.panel.api"),
    PANEL_HOST("panel-host", "io.smarthost.panel.host"),
    PANEL_TESTKIT("panel-testkit", "io.smarthost.panel.testkit"),
    CORE("plugin-core", "io.smarthost.core"),
    POSTFIX("plugin-postfix", "io.smarthost.postfix"),
    WINDOWS("plugin-windows", "io.smarthost.windows"),
    UI("plugin-ui", "io.smarthost.ui");

    /** The folder {@code MODULE/target/classes/} or the jar {@code MODULE-VERSION.jar} a class was read from. */
    private static final Pattern SOURCE = Pattern.compile(
            "/(panel-api|panel-host|panel-testkit|plugin-core|plugin-postfix|plugin-windows|plugin-ui)(?:/target/classes/|-\\d[^/]*\\.jar!/)");

    private final String artifactId;
    private final String rootPackage;

    Module(String artifactId, String rootPackage) {
        this.artifactId = artifactId;
        this.rootPackage = rootPackage;
    }

    /** The ArchUnit pattern for the root package and everything below it. */
    String packages() {
        return rootPackage + "..";
    }

    String artifactId() {
        return artifactId;
    }

    String rootPackage() {
        return rootPackage;
    }

    boolean owns(String packageName) {
        return packageName.equals(rootPackage) || packageName.startsWith(rootPackage + ".");
    }

    static String[] packagesOf(Module... modules) {
        return Arrays.stream(modules).map(Module::packages).toArray(String[]::new);
    }

    /** The module whose build output the class was read from; empty when it came from elsewhere. */
    static Optional<Module> containing(JavaClass javaClass) {
        return javaClass.getSource().flatMap(source -> {
            Matcher matcher = SOURCE.matcher(source.getUri().toString());
            if (!matcher.find()) {
                return Optional.empty();
            }
            String artifactId = matcher.group(1);
            return Arrays.stream(values()).filter(m -> m.artifactId.equals(artifactId)).findFirst();
        });
    }
}
