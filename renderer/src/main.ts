// The renderer's entry: Vue app with Pinia and vue-i18n, mounted on #app.
import { createPinia } from 'pinia';
import { createApp } from 'vue';
import { config as zodConfig } from 'zod';
import App from './App.vue';
import { i18n } from './i18n';
import './styles.css';

// The shared schemas (settings defaults) run here too: keep zod from probing `new Function`, which the
// page's CSP refuses and reports as a violation even though zod catches it.
zodConfig({ jitless: true });

createApp(App).use(createPinia()).use(i18n).mount('#app');
