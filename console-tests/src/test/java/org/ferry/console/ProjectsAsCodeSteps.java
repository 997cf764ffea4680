package org.ferry.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * A project's webhook, and the project as code: exported from its page, imported from the Projects page
 * onto a connection set with consent. Runs in ConsoleIT's browser, on the project it built.
 */
final class ProjectsAsCodeSteps {
    private final Browser browser;

    ProjectsAsCodeSteps(Browser browser) {
        this.browser = browser;
    }

    void setAndRemoveTheWebhook(String project) throws Exception {
        openProject(project);
        browser.click(browser.driver.findElement(By.linkText("Notifications")));
        browser.waitForText("No webhook");
        browser.type(browser.byLabel("Webhook URL"), "ftp://hooks.example.com/ferry");
        browser.click("Save notifications");
        // the server's field error lands next to the field
        browser.await(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".field.invalid[data-field='url'] .error")));
        browser.type(browser.byLabel("Webhook URL"), "https://hooks.example.com/ferry");
        browser.click(browser.driver.findElement(By.cssSelector("input[name=statuses][value=COMPLETED]")));
        browser.click("Save notifications");
        browser.waitForText("Runs that end COMPLETED or WARNING or ERROR are announced.");
        browser.screenshot("22-notifications");
        browser.click("Remove webhook");
        browser.click("Remove");
        browser.waitForText("No webhook");
    }

    void exportThenImportOntoTheSet(String project) throws Exception {
        openProject(project);
        browser.click("Export");
        WebElement exported = browser.byAria("Exported JSON");
        String json = exported.getAttribute("value");
        assertTrue(json.contains("\"format\" : 1") && json.contains("\"ValueMap\""), json);
        WebElement download = browser.driver.findElement(By.partialLinkText("Download"));
        assertTrue(download.getAttribute("href").startsWith("blob:"), download.getAttribute("href"));
        assertTrue(download.getAttribute("download").endsWith(".json"), download.getAttribute("download"));
        browser.screenshot("23-export");
        browser.click("Close");

        browser.go("#/projects");
        browser.heading("Projects");
        browser.click(browser.driver.findElement(By.linkText("Import project")));
        browser.heading("Import project");
        WebElement area = browser.byLabel("Project JSON");
        // pasted, as a user would: typing 2 KB key by key is slow and tests nothing more
        browser.driver.executeScript("arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'))", area, json);
        browser.waitForText("1 task(s), roles cds, source");
        browser.type(browser.byLabel("Name"), "Imported accounts");
        new Select(browser.byLabel("Connection set")).selectByVisibleText("Files to hub");
        assertEquals("source", new Select(browser.byLabel("source (csv-files)")).getFirstSelectedOption().getAttribute("value"));
        browser.click("Import project");
        browser.await(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".field.invalid[data-field='consent'] .error")));
        browser.click(browser.byLabel("I have read this notice, and I am authorized to allow this data movement."));
        browser.screenshot("24-import");
        browser.click("Import project");
        browser.heading("Imported accounts");
        browser.waitForText("Mappings of Accounts");
    }

    private void openProject(String name) {
        browser.go("#/projects");
        browser.heading("Projects");
        browser.click(browser.driver.findElement(By.linkText(name)));
        browser.heading(name);
    }
}
