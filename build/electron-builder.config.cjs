// electron-builder: AppImage and deb for Linux, NSIS for Windows, DMG for macOS.
// `npm run dist` builds for the current platform; CI packs an unpacked Linux app with a stand-in
// Electron distribution (test/integration/packaging.test.ts) to check what the asar holds.
const { optionalDependencies } = require('../package.json');

/** @type {import('electron-builder').Configuration} */
module.exports = {
  appId: 'dev.appliancestudio.studio',
  productName: 'Appliance Studio',
  copyright: 'Copyright © 2026 Appliance Studio contributors',
  // Electron is an optional dependency (its binary cannot be downloaded everywhere), so say which one.
  electronVersion: optionalDependencies.electron.replace(/^[\^~]/, ''),
  directories: { output: 'dist/installers', buildResources: 'build/resources' },
  files: ['package.json', 'dist/main/**', 'dist/preload/**', 'dist/renderer/**', 'dist/workers/**', 'dist/cli/**', 'resources/*.json', '!**/*.map', '!node_modules/better-sqlite3/{deps,src}/**', '!node_modules/better-sqlite3/binding.gyp'],
  // better-sqlite3 ships N-API prebuilds that load in Electron unchanged: no rebuild against Electron headers.
  npmRebuild: false,
  asarUnpack: ['**/*.node'],
  fileAssociations: [
    { ext: ['ova', 'ovf'], name: 'Virtual appliance', role: 'Viewer' },
    { ext: ['vmdk', 'vhd', 'vhdx', 'qcow2'], name: 'Virtual disk image', role: 'Viewer' },
  ],
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Development',
    executableName: 'appliance-studio',
    synopsis: 'Author, verify and build signed virtual appliances for every hypervisor',
  },
  deb: { depends: ['libnss3', 'libgtk-3-0', 'libxss1', 'libasound2'], recommends: ['qemu-utils', 'libxml2-utils'] },
  win: { target: ['nsis'] },
  nsis: { oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true },
  mac: { target: ['dmg'], category: 'public.app-category.developer-tools', hardenedRuntime: true },
};
