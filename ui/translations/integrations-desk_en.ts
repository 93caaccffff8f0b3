<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>Grouping</name>
    <message>
        <source>Not loaded: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>desk::AccessTokenDialog</name>
    <message>
        <source>Connect with an Access Token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Access token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Paste an access token for %1. It is kept in the system keychain and never shown again.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>desk::AccountHeader</name>
    <message>
        <source>&amp;Integration:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected to the local sandbox: the data is made up.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>When the items shown were last read from the service; Refresh (F5) reads what changed since.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>desk::DetailsPane</name>
    <message>
        <source>Property</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shown as</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Modified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Associated %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select an item to see its details.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>⚠ Incomplete: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>desk::DisplayFormat</name>
    <message numerus="yes">
        <source>%Ln item(s)</source>
        <translation>
            <numerusform>%Ln item</numerusform>
            <numerusform>%Ln items</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %Ln item(s)</source>
        <translation>
            <numerusform>%1 of %Ln item</numerusform>
            <numerusform>%1 of %Ln items</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>just now</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln minute(s) ago</source>
        <translation>
            <numerusform>%Ln minute ago</numerusform>
            <numerusform>%Ln minutes ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln hour(s) ago</source>
        <translation>
            <numerusform>%Ln hour ago</numerusform>
            <numerusform>%Ln hours ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln day(s) ago</source>
        <translation>
            <numerusform>%Ln day ago</numerusform>
            <numerusform>%Ln days ago</numerusform>
        </translation>
    </message>
    <message>
        <source>as of %1, %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%Ln changed</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln new</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln removed</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>No changes</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>desk::ErrorPresenter</name>
    <message>
        <source>Sign-in failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The access token was not accepted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading stopped before any item arrived.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The contents of “%1” could not be loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export failed; no file was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No web browser could be opened for %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The settings could not be saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The local copy of this account could not be used.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reconnect, then resume where it stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reconnect to continue.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check that the sandbox is still running, then try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check your internet connection, then try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service did not answer in time. Try again in a moment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service asks to slow down. Wait a minute, then try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has trouble right now. Try again later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The app lacks a permission. Add the missing scopes in Settings and reconnect.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Press Connect to try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another program uses the sign-in port. Close it or choose another redirect port in Settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check that the system keychain is unlocked.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose another folder or file name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Check the settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The local copy was set aside and is rebuilt by the next load.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The service sent data that could not be read. Try again later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the link and open it yourself.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading stopped; what arrived is kept (%1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The contents of “%1” could not all be loaded; what arrived is kept (%2).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>desk::ExportController</name>
    <message>
        <source>Cancel Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported %1 to %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export cancelled; no file was written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Selected Items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export All Items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Another export is running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exporting %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exporting: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>desk::ExportRunner</name>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The export was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>desk::FilterEdit</name>
    <message>
        <source>Filter (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>desk::IntegrationState</name>
    <message>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing matches the filter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Press Load (Ctrl+L) to fetch the account&apos;s objects.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in again with Reconnect to load this account&apos;s objects.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Press Connect to sign in to the demo account (sandbox).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Press Connect to sign in to %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resumed load ended: %1 more in %2; %3 in all.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loaded %1 in %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refreshed in %1: %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>desk::ItemTreeModel</name>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Modified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not all loaded: %1 (double-click to retry)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not loaded (double-click to load)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The children of this item are loaded when you expand it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By Parent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This item is not loaded (or not shared); the items that name it are listed here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Some of this item could not be read; see its details.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>desk::LoginDialog</name>
    <message>
        <source>The embedded browser is turned off (DESK_NO_WEBENGINE).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The embedded browser cannot run as root without QTWEBENGINE_DISABLE_SANDBOX=1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The embedded browser is not installed (QtWebEngineProcess is missing).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue signing in in your web browser.

This window closes by itself when you are done.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open in System Browser Instead</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in with your usual browser, for example when your account uses Google sign-in, which does not work in embedded browsers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Secure connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not secure (local)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not secure</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>desk::MainWindow</name>
    <message>
        <source>No integration is available in this build.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open in Browser</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected. Press Load (Ctrl+L) to fetch the account&apos;s objects.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign-in cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied ID %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied the JSON of %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the contents of “%1”…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied the link.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signed in again. Resume the load where it stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (demo data)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disconnected; the account&apos;s local data was forgotten.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading %1 data is not available in this build.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resuming…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load cancelled; %1 kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Some objects could not be loaded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loaded the contents of “%1”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading “%1” was cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New settings apply after you disconnect and connect again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disconnected; the items stay on this computer until you forget them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refreshing…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>desk::MessageBanner</name>
    <message>
        <source>Close message</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>desk::ProblemDelegate</name>
    <message>
        <source>Incomplete: something about this item could not be read. The details pane says what.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>desk::SettingsDialog</name>
    <message>
        <source>%1 Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 app (OAuth)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved in the keychain (type to replace)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the saved secret</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The app must register http://localhost:PORT/callback as its redirect URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default scopes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client &amp;ID:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Client &amp;secret:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Redirect port:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;copes:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect with an &amp;Access Token…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use a private app&apos;s access token instead of signing in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What to load</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use sandbox (demo data)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sandbox &amp;URL:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Changes apply the next time you connect.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Extra properties, one type a line (e.g. &quot;%1: name, status&quot;):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. http://127.0.0.1:8080</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This run was started on the sandbox (--sandbox).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keep a local copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the account&apos;s items on this computer, so the app opens on them at once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Forget Local Data</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>desk::SignInFlow</name>
    <message>
        <source>To sign in, enter your %1 app&apos;s client ID and secret in Settings, connect with an access token, or use the sandbox (demo data).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue signing in in your web browser; this window updates when you are done.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disconnect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disconnect from %1?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disconnect and &amp;Forget Data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Disconnect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sign-in is removed from the keychain. The %1 loaded stay on this computer unless you forget them.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>desk::WindowActions</name>
    <message>
        <source>&amp;Connect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sign in to the selected integration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connect with an &amp;Access Token…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Load</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load every object of the account (Ctrl+L)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;ancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Disconnect…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Export All…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export &amp;Selected…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Filter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open in Browser</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy &amp;ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy &amp;JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy &amp;Link</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Integrations Desk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E&amp;xpand All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>C&amp;ollapse All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow &amp;System</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By &amp;Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By &amp;Group</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>By &amp;Parent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The integration&apos;s own hierarchy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Main</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Theme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Light, dark or follow the system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Integrations Desk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;h3&gt;Integrations Desk %1&lt;/h3&gt;&lt;p&gt;Browse %2 accounts in a native desktop app.&lt;/p&gt;&lt;p&gt;Qt %3 (built with Qt %4)&lt;/p&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read only what changed since the last load or refresh (F5)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>desk::WindowConnection</name>
    <message>
        <source>The client secret could not be saved in the keychain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checking the saved sign-in…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Signing in…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected as %1 (access token)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected as %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reconnect needed</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
