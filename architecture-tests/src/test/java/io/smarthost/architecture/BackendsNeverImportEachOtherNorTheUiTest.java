package io.smarthost.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static io.smarthost.architecture.Module.POSTFIX;
import static io.smarthost.architecture.Module.UI;
import static io.smarthost.architecture.Module.WINDOWS;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

@AnalyzeClasses(packages = "io.smarthost", importOptions = ImportOption.DoNotIncludeTests.class)
class BackendsNeverImportEachOtherNorTheUiTest {

    private static final String SHARED_CODE_LIVES_IN_THE_CORE =
            "what Postfix, MailEnable and SmarterMail share lives once in plugin-core, and each backend can be left out";

    @ArchTest
    static final ArchRule postfixBackendNeverImportsTheWindowsBackends = noClasses()
            .that().resideInAPackage(POSTFIX.packages())
            .should().dependOnClassesThat().resideInAPackage(WINDOWS.packages())
            .as("The Postfix backend never imports the Windows backends (io.smarthost.windows..)")
            .because(SHARED_CODE_LIVES_IN_THE_CORE);

    @ArchTest
    static final ArchRule windowsBackendsNeverImportThePostfixBackend = noClasses()
            .that().resideInAPackage(WINDOWS.packages())
            .should().dependOnClassesThat().resideInAPackage(POSTFIX.packages())
            .as("The Windows backends never import the Postfix backend (io.smarthost.postfix..)")
            .because(SHARED_CODE_LIVES_IN_THE_CORE);

    @ArchTest
    static final ArchRule backendsNeverImportTheUi = noClasses()
            .that().resideInAnyPackage(Module.packagesOf(POSTFIX, WINDOWS))
            .should().dependOnClassesThat().resideInAPackage(UI.packages())
            .as("Backends never import the UI (io.smarthost.ui..)")
            .because("a backend answers the MailBackend SPI; what the pages show is plugin-ui's business");
}
