// Billing: the account's plan and its renewal, what the account uses of each limit, and the plans an
// owner can choose (paid through Paddle's checkout page). Admins see it; only owners choose.

const LIMIT_WORDS = {
  contacts: 'Contacts',
  emailsPerMonth: 'E-mails this month',
  aiDraftsPerMonth: 'AI drafts this month',
  members: 'Team members',
};

const STATUS_WORDS = {
  active: 'Active',
  trialing: 'Trial',
  past_due: 'Payment due: Paddle is retrying the payment',
  paused: 'Paused',
  canceled: 'Cancelled',
  free: 'No paid subscription',
  unlimited: 'Unlimited',
};

const number = new Intl.NumberFormat();

export default async function render(container, ctx) {
  const { el, pageHeader, replaceChildren, time } = ctx.ui;
  const problem = el('div', { id: 'billing-error', testid: 'billing-error', class: 'form-error', role: 'alert', hidden: true });
  const summary = el('section', { class: 'card', 'aria-labelledby': 'billing-plan-title', testid: 'billing-summary' });
  const meters = el('section', { class: 'card', 'aria-labelledby': 'billing-usage-title', testid: 'billing-usage' });
  const plans = el('section', { class: 'card', 'aria-labelledby': 'billing-plans-title', testid: 'billing-plans', hidden: true });

  function showProblem(error, what) {
    replaceChildren(problem, el('p', {}, `${what}: ${error.message}`));
    problem.hidden = false;
  }

  function meter(m) {
    const label = LIMIT_WORDS[m.limit] || m.limit;
    const limited = m.allowed !== null && m.allowed !== undefined;
    const share = limited && m.allowed > 0 ? Math.min(1, m.used / m.allowed) : 0;
    return el('div', { class: 'meter', testid: 'billing-meter', dataset: { limit: m.limit } },
      el('div', { class: 'meter-label' }, el('span', {}, label),
        el('span', { testid: 'billing-meter-value' }, limited
          ? `${number.format(m.used)} of ${number.format(m.allowed)}` : `${number.format(m.used)} (no limit)`)),
      limited ? el('progress', { max: '100', value: String(Math.round(share * 100)), 'aria-label': `${label}: ${Math.round(share * 100)} % used` }) : null);
  }

  async function choose(plan, button) {
    button.disabled = true;
    problem.hidden = true;
    try {
      const checkout = await ctx.api.post('/billing/checkout', { plan: plan.id });
      // Paddle's checkout page takes the payment; the subscription's events update this page.
      window.location.assign(checkout.url);
    } catch (error) {
      button.disabled = false;
      showProblem(error, `The checkout for ${plan.name} could not be opened`);
    }
  }

  function planCard(plan, current, canChoose) {
    return el('div', { class: ['plan-card', plan.id === current && 'is-current'], testid: 'billing-plan', dataset: { plan: plan.id } },
      el('h3', {}, plan.name),
      plan.price ? el('p', { class: 'plan-price' }, plan.price) : null,
      el('ul', {}, Object.entries(plan.limits).map(([limit, value]) =>
        el('li', {}, `${LIMIT_WORDS[limit] || limit}: ${value === null ? 'no limit' : number.format(value)}`))),
      plan.id === current ? el('p', { class: 'badge badge-active' }, 'Your plan')
        : plan.purchasable && canChoose ? el('button', {
          type: 'button', class: 'btn btn-primary', testid: 'billing-choose',
          on: { click: (event) => choose(plan, event.target) },
        }, `Choose ${plan.name}`) : null);
  }

  async function load() {
    const billing = await ctx.api.get('/billing');
    if (ctx.signal.aborted) {
      return;
    }
    if (!billing.enabled) {
      replaceChildren(summary, el('h2', { id: 'billing-plan-title' }, 'Your plan'),
        el('p', { testid: 'billing-off' }, 'This NeuroMail has no billing: your account has no limits.'));
    } else {
      replaceChildren(summary, el('h2', { id: 'billing-plan-title' }, 'Your plan'),
        el('p', {}, el('strong', { testid: 'billing-plan-name' }, billing.plan ? billing.plan.name : '—'),
          billing.plan && billing.plan.price ? ` · ${billing.plan.price}` : ''),
        el('p', { testid: 'billing-status' }, STATUS_WORDS[billing.status] || billing.status),
        billing.renewsAt ? el('p', {}, 'Renews on ', time(billing.renewsAt)) : null,
        billing.canceledAt ? el('p', {}, 'Cancelled on ', time(billing.canceledAt)) : null,
        billing.lastPaymentAt ? el('p', { class: 'muted' }, 'Last payment ', time(billing.lastPaymentAt)) : null);
    }
    replaceChildren(meters, el('h2', { id: 'billing-usage-title' }, 'Usage'),
      billing.usage.length ? billing.usage.map(meter) : el('p', { class: 'empty-state' }, 'Nothing is counted yet.'));
    plans.hidden = !billing.enabled || billing.plans.length === 0;
    replaceChildren(plans, el('h2', { id: 'billing-plans-title' }, 'Plans'),
      billing.canChoose ? null : el('p', { class: 'hint' }, 'Only an owner of the account can choose a plan.'),
      el('div', { class: 'plan-grid' }, billing.plans.map((p) => planCard(p, billing.plan && billing.plan.id, billing.canChoose))));
    summary.dataset.loaded = 'true';
  }

  container.append(pageHeader('Billing', 'Your plan, what your account uses, and the plans you can choose.'),
    problem, summary, meters, plans);
  try {
    await load();
  } catch (error) {
    if (error.status !== 401) {
      showProblem(error, 'Billing could not be loaded');
    }
  }
}
