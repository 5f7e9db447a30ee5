"""Views of credentials: certificates and their public verification (证书查验), 书证融通 and 学分转换."""
