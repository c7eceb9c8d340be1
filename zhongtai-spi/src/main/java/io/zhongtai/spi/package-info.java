/** Interfaces shared by the platform and its plug-ins (connectors arrive with the integration work). */
package io.zhongtai.spi;
