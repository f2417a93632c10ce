package io.smarthost.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static io.smarthost.architecture.Module.CORE;
import static io.smarthost.architecture.Module.PANEL_API;
import static io.smarthost.architecture.Module.PANEL_HOST;
import static io.smarthost.architecture.Module.POSTFIX;
import static io.smarthost.architecture.Module.UI;
import static io.smarthost.architecture.Module.WINDOWS;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "io.smarthost", importOptions = ImportOption.DoNotIncludeTests.class)
class PanelApiImportsNoHostOrPluginTest {

    @ArchTest
    static final ArchRule panelApiImportsNothingOfTheHostOrThePlugins = noClasses()
            .that().resideInAPackage(PANEL_API.packages())
            .should().dependOnClassesThat().resideInAnyPackage(Module.packagesOf(PANEL_HOST, CORE, POSTFIX, WINDOWS, UI))
            .as("panel-api imports nothing of the host or the plugins")
            .because("it is the small, stable contract both sides compile against: the arrows point to it, never from it");
}
