// The Campaigns page. #/campaigns lists them, #/campaigns/settings holds the campaign settings and
// #/campaigns/<id> opens one campaign (content, audience, sending and progress).

import { helpers } from './common.js';
import { renderList } from './list.js';
import { renderSettings } from './settings.js';
import { renderCampaign } from './campaign.js';

export default async function render(container, ctx) {
  helpers(ctx).useStylesheet();
  const [first] = ctx.params;
  if (!first) {
    return renderList(container, ctx);
  }
  if (first === 'settings') {
    return renderSettings(container, ctx);
  }
  return renderCampaign(container, ctx, first);
}
