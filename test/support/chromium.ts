// Debian's Chromium (never a downloaded browser: the network is closed), launched headless with the
// flags that keep it from reaching out on its own. BHXH_CHROMIUM points elsewhere when needed.
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.BHXH_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_FLAGS });
}
