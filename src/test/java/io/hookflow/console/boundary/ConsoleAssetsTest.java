package io.hookflow.console.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class ConsoleAssetsTest {

    @Test
    void theServedChartLibraryIsTheWebJarVersionTheBuildBundles() throws Exception {
        String pom = Files.readString(Path.of("pom.xml"));

        assertThat(pom).contains("<chartjs.version>" + ConsoleAssets.ChartJs.VERSION + "</chartjs.version>");
    }

    @Test
    void thePageLoadsNothingButTheConsolesOwnFiles() throws Exception {
        String page = Files.readString(Path.of("src/main/webapp/console/index.html"));

        assertThat(page).doesNotContain("http:", "https:", "//cdn", "<style", "style=", "onclick=");
        assertThat(page).contains("/console/lib/chart.umd.js", "/console/app.js");
    }
}
