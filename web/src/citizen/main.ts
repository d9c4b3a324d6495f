import { createApp } from 'vue';
import { Button, Cell, CellGroup, Field, Form, Icon, Loading, NavBar, Tab, Tabs, Tag, Empty, Toast, Dialog } from 'vant';
import 'vant/lib/index.css';
import '../shared/base.css';
import App from './App.vue';
import { router } from './router';

const app = createApp(App);
for (const c of [Button, Cell, CellGroup, Field, Form, Icon, Loading, NavBar, Tab, Tabs, Tag, Empty, Toast, Dialog]) app.use(c);
app.use(router);
app.mount('#app');
