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
class HostNeverImportsAPluginTest {

    @ArchTest
    static final ArchRule hostNeverImportsAPlugin = noClasses()
            .that().resideInAPackage(PANEL_HOST.packages())
            .should().dependOnClassesThat().resideInAnyPackage(Module.packagesOf(CORE, POSTFIX, WINDOWS, UI))
            .as("The host never imports a plugin (io.smarthost.core.., .postfix.., .windows.., .ui..)")
            .because("the host knows plugins only through the extension points of panel-api, which is what lets"
                    + " a plugin be installed or removed without rebuilding the panel");
}
