/** Entry of the run dashboard webview (dist/webview/dashboard.js + dashboard.css). */
import '../components/plotlyCsp';
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import './dashboard.css';
import { DashboardApp } from './app';

const root = document.getElementById('app');
if (root) new DashboardApp(root);
