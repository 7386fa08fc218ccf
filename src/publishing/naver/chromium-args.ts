// The switches the publisher launches Chromium with.
//
// Chromium reads only the last `--disable-features` it is given, and Playwright passes one of its own first. Ours
// therefore repeats Playwright's list (playwright-core's chromiumSwitches) and adds what we turn off; a test
// (tests/publishing/chromium-args.test.ts) fails when a Playwright upgrade disables a feature this list lacks.
/** What Playwright turns off, as of playwright-core 1.65. */
const PLAYWRIGHT_DISABLED = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
  'msForceBrowserSignIn',
  'msEdgeUpdateLaunchServicesPreferredVersion',
];

/**
 * Every window of a headless Chromium 156 prewarms the address bar's WebUI popups, each in a renderer of its own
 * (chrome://omnibox-popup.top-chrome). A publish opens a window, so it paid for them: about 2 to 3 CPU-seconds
 * and 100 ms before its page opened. Nothing types into an address bar here.
 */
export const OURS_DISABLED = ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup', 'WebUIOmniboxFullPopup'];

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // Hides navigator.webdriver, which NAVER's login is known to look at (research §1).
  '--disable-blink-features=AutomationControlled',
  `--disable-features=${[...PLAYWRIGHT_DISABLED, ...OURS_DISABLED].join(',')}`,
];
