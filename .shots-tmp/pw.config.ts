import base from '../playwright.config';
export default { ...base, testDir: '.', webServer: { ...(base.webServer as object), cwd: '/work/main' } };
