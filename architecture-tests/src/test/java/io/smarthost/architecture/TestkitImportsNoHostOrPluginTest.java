package io.smarthost.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static io.smarthost.architecture.Module.CORE;
import static io.smarthost.architecture.Module.PANEL_HOST;
import static io.smarthost.architecture.Module.PANEL_TESTKIT;
import static io.smarthost.architecture.Module.POSTFIX;
import static io.smarthost.architecture.Module.UI;
import static io.smarthost.architecture.Module.WINDOWS;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "io.smarthost", importOptions = ImportOption.DoNotIncludeTests.class)
class TestkitImportsNoHostOrPluginTest {

    @ArchTest
    static final ArchRule testkitImportsNothingOfTheHostOrThePlugins = noClasses()
            .that().resideInAPackage(PANEL_TESTKIT.packages())
            .should().dependOnClassesThat().resideInAnyPackage(Module.packagesOf(PANEL_HOST, CORE, POSTFIX, WINDOWS, UI))
            .as("panel-testkit imports nothing of the host or the plugins")
            .because("it stands in for the host behind panel-api in every module's tests, panel-host's own included;"
                    + " a fake that needs a plugin's types belongs in that plugin's test kit (its test-jar)");
}
