package cloudui

import (
	"github.com/flightdeck/fdtui/internal/ui/common"
	"github.com/flightdeck/fdtui/internal/ui/pages"
)

// install wires the hooks once; each reads the service in force when its
// page opens, so Register can swap the configuration (tests do).
func install() {
	pages.CloudInit = cloudInit
	pages.PoolInfo = poolInfo
	pages.RegisterHook(pages.PageClusters, func(c *common.Common) pages.Hook { return newClustersHook(c) })
	pages.RegisterHook(pages.PageNodes, func(c *common.Common) pages.Hook { return newNodesHook(c) })
	pages.RegisterHook(pages.PageSites, func(c *common.Common) pages.Hook { return newSitesHook(c) })
	pages.RegisterHook(pages.PageSite, func(c *common.Common) pages.Hook { return newSiteHook(c) })
	pages.RegisterSiteColumn(storageColumn)
	pages.RegisterSiteSection(storageSection)
}
