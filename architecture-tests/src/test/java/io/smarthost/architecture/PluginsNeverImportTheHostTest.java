package io.smarthost.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static io.smarthost.architecture.Module.CORE;
import static io.smarthost.architecture.Module.PANEL_HOST;
import static io.smarthost.architecture.Module.POSTFIX;
import static io.smarthost.architecture.Module.UI;
import static io.smarthost.architecture.Module.WINDOWS;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "io.smarthost", importOptions = ImportOption.DoNotIncludeTests.class)
class PluginsNeverImportTheHostTest {

    @ArchTest
    static final ArchRule pluginsNeverImportTheHost = noClasses()
            .that().resideInAnyPackage(Module.packagesOf(CORE, POSTFIX, WINDOWS, UI))
            .should().dependOnClassesThat().resideInAPackage(PANEL_HOST.packages())
            .as("Plugins never import the host (io.smarthost.panel.host..)")
            .because("a plugin sees the panel only through panel-api; the host's classes are not even visible"
                    + " to a plugin's class loader at run time");
}
