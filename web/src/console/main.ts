import { createApp } from 'vue';
import { Button, Cell, CellGroup, Checkbox, CheckboxGroup, Dialog, Empty, Field, Icon, Loading, NavBar, Radio, RadioGroup, Switch, Tab, Tabs, Tag, Toast } from 'vant';
import 'vant/lib/index.css';
import '../shared/base.css';
import App from './App.vue';

const app = createApp(App);
for (const c of [Button, Cell, CellGroup, Checkbox, CheckboxGroup, Dialog, Empty, Field, Icon, Loading, NavBar, Radio, RadioGroup, Switch, Tab, Tabs, Tag, Toast]) app.use(c);
app.mount('#app');
