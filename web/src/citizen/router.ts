import { createRouter, createWebHashHistory } from 'vue-router';

// Hash routing: the server needs no SPA fallback.
export const router = createRouter({
  history: createWebHashHistory(),
  routes: [
    { path: '/login', name: 'login', component: () => import('./pages/LoginPage.vue'), meta: { title: '登录', public: true } },
    { path: '/', name: 'home', component: () => import('./pages/HomePage.vue'), meta: { title: '医保电子凭证' } },
    { path: '/code', name: 'code', component: () => import('./pages/CodePage.vue'), meta: { title: '我的医保码' } },
    { path: '/account', name: 'account', component: () => import('./pages/AccountPage.vue'), meta: { title: '个人账户' } },
    { path: '/enrolments', name: 'enrolments', component: () => import('./pages/EnrolmentsPage.vue'), meta: { title: '参保地' } },
    { path: '/wallet', name: 'wallet', component: () => import('./pages/WalletPage.vue'), meta: { title: '医保钱包' } },
    { path: '/mutual-aid', name: 'mutual-aid', component: () => import('./pages/MutualAidPage.vue'), meta: { title: '家庭共济' } },
    { path: '/contributions', name: 'contributions', component: () => import('./pages/ContributionsPage.vue'), meta: { title: '缴费记录' } },
    { path: '/family', name: 'family', component: () => import('./pages/FamilyPage.vue'), meta: { title: '家庭成员' } },
    { path: '/family/add', name: 'family-add', component: () => import('./pages/FamilyAddPage.vue'), meta: { title: '添加家庭成员', parent: '/family' } },
    { path: '/family/:memberId(\\d+)', name: 'family-member', component: () => import('./pages/MemberPage.vue'), meta: { title: '家庭成员', parent: '/family' } },
    { path: '/spending', name: 'spending', component: () => import('./pages/SpendingPage.vue'), meta: { title: '医疗费用' } },
    { path: '/remote-filings', name: 'remote-filings', component: () => import('./pages/RemoteFilingsPage.vue'), meta: { title: '异地就医备案' } },
    { path: '/diagnose', name: 'diagnose', component: () => import('./pages/DiagnosePage.vue'), meta: { title: '为什么用不了' } },
    { path: '/drug-trace', name: 'drug-trace', component: () => import('./pages/DrugTracePage.vue'), meta: { title: '扫码查药' } },
    { path: '/decodes', name: 'decodes', component: () => import('./pages/DecodesPage.vue'), meta: { title: '扫码记录' } },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
});

router.beforeEach((to) => {
  if (!to.meta.public && !localStorage.getItem('yibao.citizen.token')) return { name: 'login' };
  return true;
});

router.afterEach((to) => {
  document.title = `${(to.meta.title as string) ?? '医保电子凭证'} - 医保服务平台`;
});
