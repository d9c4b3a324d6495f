import { createApp } from 'vue';
import { Button, Cell, CellGroup, Checkbox, Dialog, Empty, Field, Form, Icon, Loading, NavBar, Tab, Tabs, Tag, Toast } from 'vant';
import 'vant/lib/index.css';
import '../shared/base.css';
import App from './App.vue';
import { router } from './router';

const app = createApp(App);
for (const c of [Button, Cell, CellGroup, Checkbox, Dialog, Empty, Field, Form, Icon, Loading, NavBar, Tab, Tabs, Tag, Toast]) app.use(c);
app.use(router);
app.mount('#app');
