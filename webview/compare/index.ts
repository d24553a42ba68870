/** Entry of the compare webview (dist/webview/compare.js + compare.css). */
import '../components/plotlyCsp';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import './compare.css';
import { CompareApp } from './app';

const root = document.getElementById('app');
if (root) new CompareApp(root);
