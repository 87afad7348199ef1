// The documented inline snippet (see packages/sdk/README.md), as a file so that
// the demo pages need no inline script: calls made before the sdk loads are
// buffered, each returning a promise of its eventual result.
!function(w,v){v=w.Vitrina=w.Vitrina||[];"init page track identify reset consent productViewed productsSearched productAdded productRemoved cartViewed checkoutStarted orderCompleted showcase crossSell reorder profile render flush".split(" ").forEach(function(m){v[m]=v[m]||function(){var a=arguments;return new Promise(function(r){v.push([m,a,r])})}})}(window);
