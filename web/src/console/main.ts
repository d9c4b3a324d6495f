import { createApp } from 'vue';
import { Button, Cell, CellGroup, Field, Icon, Loading, NavBar, Radio, RadioGroup, Tag, Empty, Toast, Dialog } from 'vant';
import 'vant/lib/index.css';
import '../shared/base.css';
import App from './App.vue';

const app = createApp(App);
for (const c of [Button, Cell, CellGroup, Field, Icon, Loading, NavBar, Radio, RadioGroup, Tag, Empty, Toast, Dialog]) app.use(c);
app.mount('#app');
